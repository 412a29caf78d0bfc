-- GCRA for a limiter with exactly one bandwidth: the same arithmetic as ratelimit-gcra.lua (and sdk-core's
-- Gcra.Single) without its per-bandwidth tables, which cost more server time than the decision itself.
-- Runs after ratelimit-common.lua. State: field "t1", the theoretical arrival time (us).
-- Bandwidth arguments: capacity and period in microseconds.
local c = tonumber(ARGV[3])
local p = tonumber(ARGV[4])
local t = math.floor(p / c)
if t * c < p then t = t + 1 end
local l = c * t
local base = math.max(tonumber(redis.call('HGET', KEYS[1], 't1')) or now, now)
local nxt = base + n * t
if nxt - now > l then
  return {0, math.max(0, math.floor((l - (base - now)) / t)), nxt - l - now, base - now, 0}
end
if write then
  redis.call('HSET', KEYS[1], 't1', string.format('%d', nxt))
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((nxt - now) / 1000)) + slack)
end
return {1, math.max(0, math.floor((l - (nxt - now)) / t)), 0, nxt - now, 0}
