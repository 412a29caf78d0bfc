-- Claims due users of a sweep shard for one sweeper: moves their deadline to now + lease, so a sweeper that dies
-- mid-check leaves them to the next one. KEYS[1] the shard; ARGV[2] lease ms, ARGV[3] limit
-- returns {lease end, user...}
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[3]))
local lease = now + tonumber(ARGV[2])
local out = {lease}
for i = 1, #due do
  redis.call('ZADD', KEYS[1], lease, due[i])
  out[#out + 1] = due[i]
end
return out
