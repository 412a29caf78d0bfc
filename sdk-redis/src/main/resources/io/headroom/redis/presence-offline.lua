-- KEYS[1] the user's hash; ARGV[2] device, ARGV[3] key expiry ms, ARGV[4] channel, ARGV[5] user
-- returns {changed (0/1), latest expiry of the devices still live}
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return {0, 0} end
if redis.call('HDEL', key, 'd:' .. ARGV[2]) == 1 then
  redis.call('HSET', key, 'seen', now)
end
local maxexp = live(key, true)
local changed = 0
if maxexp == 0 and redis.call('HGET', key, 'on') == '1' then
  redis.call('HSET', key, 'on', '0')
  redis.call('PUBLISH', ARGV[4], '0|' .. now .. '|' .. ARGV[5])
  changed = 1
end
redis.call('PEXPIRE', key, ARGV[3])
return {changed, maxexp}
