-- KEYS[1] the chat's sorted set (user -> indicator expiry, epoch ms); ARGV[1] now or "", ARGV[2] user, ARGV[3] ttl ms,
-- ARGV[4] extra key lifetime ms (a test clock's slack), ARGV[5] the change channel or "" (no watching), ARGV[6] the chat.
-- The key lives as long as its newest indicator. Publishes the chat once when the user starts typing (was not
-- live); a refresh of a live indicator changes nothing and publishes nothing. returns 1 when published.
local before = redis.call('ZSCORE', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]))
if ARGV[5] ~= '' and (not before or tonumber(before) <= now) then
  redis.call('PUBLISH', ARGV[5], ARGV[6])
  return 1
end
return 0
