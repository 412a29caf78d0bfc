-- Removes an item of a keyset-paged sorted set. KEYS[1] sorted set, KEYS[2] payload hash. ARGV[1] id.
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return removed
