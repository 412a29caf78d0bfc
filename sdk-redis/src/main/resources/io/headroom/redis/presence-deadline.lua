-- Registers a user's deadline in its sweep shard. KEYS[1] the shard (a sorted set: user -> epoch ms to check at)
-- ARGV[2] ttl ms, ARGV[3] user, ARGV[4] shard expiry ms. Only ever moves a deadline later (GT).
redis.call('ZADD', KEYS[1], 'GT', now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 0
