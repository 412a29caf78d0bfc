-- KEYS[1] the user's hash; ARGV[2] device, ARGV[3] ttl ms, ARGV[4] key expiry ms, ARGV[5] channel, ARGV[6] user
-- returns {changed (0/1), latest expiry}
local key = KEYS[1]
local before = live(key, true)
local exp = now + tonumber(ARGV[3])
redis.call('HSET', key, 'd:' .. ARGV[2], exp, 'seen', now)
redis.call('PEXPIRE', key, ARGV[4])
local changed = 0
-- a heartbeat that changes nothing publishes nothing
if before == 0 or redis.call('HGET', key, 'on') ~= '1' then
  redis.call('HSET', key, 'on', '1')
  redis.call('PUBLISH', ARGV[5], '1|' .. now .. '|' .. ARGV[6])
  changed = 1
end
if before > exp then exp = before end
return {changed, exp}
