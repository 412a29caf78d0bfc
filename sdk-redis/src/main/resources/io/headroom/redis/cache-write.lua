-- Writes a loaded value only if the caller still holds the key's lease, then releases it ("no stale set": an
-- invalidation deletes the lease, so a load that began before it can never write its older value after it).
-- ARGV[1] now ('' = server TIME), ARGV[2] token, ARGV[3] soft TTL (us), ARGV[4] hard TTL (us), ARGV[5] payload,
-- ARGV[6] '1' to cache "not found" (no payload), ARGV[7] load time (us), ARGV[8] Redis-side expiry (ms)
-- returns 1 when written, 0 when the lease was lost
if redis.call('GET', KEYS[2]) ~= ARGV[2] then
  return 0
end
local now = clock(ARGV[1])
local s = string.format('%d', now + tonumber(ARGV[3]))
local h = string.format('%d', now + tonumber(ARGV[4]))
redis.call('DEL', KEYS[1])
if ARGV[6] == '1' then
  redis.call('HSET', KEYS[1], 's', s, 'h', h, 'd', ARGV[7])
else
  redis.call('HSET', KEYS[1], 's', s, 'h', h, 'd', ARGV[7], 'v', ARGV[5])
end
redis.call('PEXPIRE', KEYS[1], ARGV[8])
redis.call('DEL', KEYS[2])
return 1
