-- Read-only. KEYS[1] the chat's sorted set; ARGV[1] now or "", ARGV[2] limit. returns the live typers, newest first
return redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', '(' .. now, 'LIMIT', 0, tonumber(ARGV[2]))
