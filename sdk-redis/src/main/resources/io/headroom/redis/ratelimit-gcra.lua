-- GCRA over all bandwidths of one key, atomically; the same integer arithmetic as sdk-core's Gcra
-- (see io.headroom.ratelimit.RateLimitAlgorithm#GCRA). Every number stays below 2^53, so doubles are exact.
-- KEYS[1]  the key's state hash (field "t<i>": theoretical arrival time of bandwidth i, in microseconds)
-- ARGV[1]  now in microseconds from a test clock, or "" to read the Redis server's TIME (the single time authority)
-- ARGV[2]  permits requested
-- ARGV[3+2(i-1)], ARGV[4+2(i-1)]  capacity and period (microseconds) of bandwidth i
-- returns  {allowed (0/1), remaining, retryAfterMicros, timeUntilFullMicros, decidingIndex (0-based)}
if redis.replicate_commands then redis.replicate_commands() end
local now
local slack = 0
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  -- a test clock: the server expires keys on its own clock, which a test clock does not follow, so keep the
  -- key a minute longer than the test clock says (state older than "full" never changes a decision)
  now = tonumber(ARGV[1])
  slack = 60000
end
local n = tonumber(ARGV[2])
local k = (#ARGV - 2) / 2
local fields = {}
for i = 1, k do fields[i] = 't' .. i end
local stored = redis.call('HMGET', KEYS[1], unpack(fields))

local allowed = true
local ts, ls, bases, nexts, retry = {}, {}, {}, {}, {}
for i = 1, k do
  local c = tonumber(ARGV[1 + 2 * i])
  local p = tonumber(ARGV[2 + 2 * i])
  local t = math.floor(p / c)
  if t * c < p then t = t + 1 end
  local l = c * t
  local tat = tonumber(stored[i]) or now
  local base = math.max(tat, now)
  local nxt = base + n * t
  ts[i], ls[i], bases[i], nexts[i] = t, l, base, nxt
  if nxt - now > l then
    allowed = false
    retry[i] = nxt - l - now
  else
    retry[i] = 0
  end
end

local decider, minRem, maxRetry, maxFull = 0, nil, 0, 0
for i = 1, k do
  local at = allowed and nexts[i] or bases[i]
  local rem = math.max(0, math.floor((ls[i] - (at - now)) / ts[i]))
  local full = at - now
  if allowed then
    if minRem == nil or rem < minRem then decider = i - 1 end
  else
    if retry[i] > maxRetry then decider = i - 1 end
  end
  if minRem == nil or rem < minRem then minRem = rem end
  if retry[i] > maxRetry then maxRetry = retry[i] end
  if full > maxFull then maxFull = full end
end

if allowed then
  local args = {}
  for i = 1, k do
    args[2 * i - 1] = fields[i]
    args[2 * i] = string.format('%d', nexts[i])
  end
  redis.call('HSET', KEYS[1], unpack(args))
  -- the state is worthless once full again: expire it then, so no key ever lives without a TTL
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(maxFull / 1000)) + slack)
end
return {allowed and 1 or 0, minRem, maxRetry, maxFull, decider}
