-- KEYS[1] the user's session index (a sorted set: token hash -> creation ms); ARGV[2] hash, ARGV[3] key lifetime ms.
-- Adds the hash and returns every indexed hash, oldest first.
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('ZRANGE', KEYS[1], 0, -1)
