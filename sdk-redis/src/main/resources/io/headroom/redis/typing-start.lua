-- KEYS[1] the chat's sorted set (user -> indicator expiry, epoch ms); ARGV[1] now or "", ARGV[2] user, ARGV[3] ttl ms,
-- ARGV[4] extra key lifetime ms (a test clock's slack). The key lives as long as its newest indicator.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) + tonumber(ARGV[4]))
return 0
