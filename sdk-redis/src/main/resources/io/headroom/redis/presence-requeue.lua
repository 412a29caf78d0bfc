-- Puts a checked, still-live user back in its sweep shard at its latest deadline, keeping the shard's expiry: a
-- bare ZADD could recreate a shard that a concurrent release emptied (or that expired) without any TTL.
-- KEYS[1] the shard; ARGV[1] the deadline (epoch ms), ARGV[2] user, ARGV[3] shard expiry ms
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 0
