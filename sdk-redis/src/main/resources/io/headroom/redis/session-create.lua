-- KEYS[1] the session record (a hash keyed by the token's SHA-256); ARGV[2] user, ARGV[3] idle ms, ARGV[4] lifetime ms,
-- ARGV[5] extra key lifetime ms (a test clock's slack), ARGV[6..] data key, value pairs. returns now
local key = KEYS[1]
redis.call('HSET', key, 'u', ARGV[2], 'c', now, 'l', now, 'x', now + tonumber(ARGV[4]))
for i = 6, #ARGV, 2 do
  redis.call('HSET', key, 'd:' .. ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', key, math.min(tonumber(ARGV[3]), tonumber(ARGV[4])) + tonumber(ARGV[5]))
return now
