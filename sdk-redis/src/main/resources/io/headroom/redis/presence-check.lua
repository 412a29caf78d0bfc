-- The sweeper's check of one user whose deadline passed. KEYS[1] the user's hash; ARGV[2] channel, ARGV[3] user
-- returns {changed (0/1), latest expiry of the live devices (0 when none)}
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then return {0, 0} end
local maxexp = live(key, true)
local changed = 0
if maxexp == 0 and redis.call('HGET', key, 'on') == '1' then
  redis.call('HSET', key, 'on', '0')
  local seen = redis.call('HGET', key, 'seen') or tostring(now)
  redis.call('PUBLISH', ARGV[2], '0|' .. seen .. '|' .. ARGV[3])
  changed = 1
end
return {changed, maxexp}
