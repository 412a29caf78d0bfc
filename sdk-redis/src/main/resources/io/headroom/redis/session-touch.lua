-- Validates and slides. KEYS[1] the record; ARGV[2] idle ms, ARGV[3] extra key lifetime ms.
-- returns the record's fields (HGETALL) after the touch, or {} when absent or expired (an expired one is deleted)
local m, r = record()
if not m then
  if #r > 0 then redis.call('DEL', KEYS[1]) end
  return {}
end
redis.call('HSET', KEYS[1], 'l', now)
redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[2]), tonumber(m.x) - now) + tonumber(ARGV[3]))
return redis.call('HGETALL', KEYS[1])
