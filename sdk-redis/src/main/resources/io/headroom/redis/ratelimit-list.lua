-- Puts a key on the deny or allow list of a rate limiter, in the decision scripts' time (joined after
-- ratelimit-clock.lua, which sets now and slack).
-- KEYS[1]  the key's listing
-- ARGV[1]  now in microseconds from a test clock, or "" for the Redis server's TIME
-- ARGV[2]  'd' (deny) or 'a' (allow)
-- ARGV[3]  how long, in microseconds
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[2] .. ':' .. string.format('%d', now + ttl), 'PX', math.ceil(ttl / 1000) + slack)
return 1
