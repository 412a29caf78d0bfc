-- Inserts or replaces an item of a keyset-paged sorted set. KEYS[1] sorted set, KEYS[2] payload hash.
-- ARGV[1] score, ARGV[2] id, ARGV[3] payload.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
return 1
