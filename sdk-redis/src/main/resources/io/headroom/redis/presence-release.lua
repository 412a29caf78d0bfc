-- Drops a checked user from a sweep shard unless a heartbeat moved its deadline past the claim.
-- KEYS[1] the shard; ARGV[1] the claim's lease end, ARGV[2] user
local s = redis.call('ZSCORE', KEYS[1], ARGV[2])
if s and tonumber(s) <= tonumber(ARGV[1]) then redis.call('ZREM', KEYS[1], ARGV[2]) end
return 0
