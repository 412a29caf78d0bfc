-- KEYS[1] the chat's sorted set; ARGV[1] now or "", ARGV[2] user, ARGV[3] the change channel or "",
-- ARGV[4] the chat id. Clears the user's indicator; publishes the chat only when a live indicator ended.
local before = redis.call('ZSCORE', KEYS[1], ARGV[2])
redis.call('ZREM', KEYS[1], ARGV[2])
if ARGV[3] ~= '' and before and tonumber(before) > now then
  redis.call('PUBLISH', ARGV[3], ARGV[4])
  return 1
end
return 0
