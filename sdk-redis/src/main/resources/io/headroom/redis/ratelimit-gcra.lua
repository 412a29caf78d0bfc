-- GCRA over all bandwidths of one key, atomically; the same integer arithmetic as sdk-core's Gcra
-- (see io.headroom.ratelimit.RateLimitAlgorithm#GCRA). Every number stays below 2^53, so doubles are exact.
-- Runs after ratelimit-common.lua and ratelimit-finish.lua. State: field "t<i>", the theoretical arrival time of bandwidth i (us).
-- Bandwidth arguments: capacity and period in microseconds.
local fields = {}
for i = 1, k do fields[i] = 't' .. i end
local stored = redis.call('HMGET', KEYS[1], unpack(fields))

local allowed = true
local ts, ls, bases, nexts, retries = {}, {}, {}, {}, {}
for i = 1, k do
  local c = tonumber(ARGV[1 + 2 * i])
  local p = tonumber(ARGV[2 + 2 * i])
  local t = math.floor(p / c)
  if t * c < p then t = t + 1 end
  local l = c * t
  local base = math.max(tonumber(stored[i]) or now, now)
  local nxt = base + n * t
  ts[i], ls[i], bases[i], nexts[i] = t, l, base, nxt
  if nxt - now > l then
    allowed = false
    retries[i] = nxt - l - now
  else
    retries[i] = 0
  end
end

local rems, fulls, writes = {}, {}, {}
for i = 1, k do
  local at = allowed and nexts[i] or bases[i]
  rems[i] = math.max(0, math.floor((ls[i] - (at - now)) / ts[i]))
  fulls[i] = at - now
  writes[2 * i - 1] = fields[i]
  writes[2 * i] = string.format('%d', nexts[i])
end
return finish(allowed, rems, retries, fulls, writes)
