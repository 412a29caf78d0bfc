-- Puts a key on the deny or allow list of a rate limiter, in the decision scripts' time.
-- KEYS[1]  the key's listing
-- ARGV[1]  now in microseconds from a test clock, or "" for the Redis server's TIME
-- ARGV[2]  'd' (deny) or 'a' (allow)
-- ARGV[3]  how long, in microseconds
local now
local slack = 0
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
  slack = 60000 -- a test clock: the server expires keys on its own clock (see ratelimit-common.lua)
end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[2] .. ':' .. string.format('%d', now + ttl), 'PX', math.ceil(ttl / 1000) + slack)
return 1
