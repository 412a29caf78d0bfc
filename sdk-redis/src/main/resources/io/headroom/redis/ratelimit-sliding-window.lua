-- Sliding-window counter over all bandwidths of one key, atomically; the same integer arithmetic as sdk-core's
-- SlidingWindow (see io.headroom.ratelimit.RateLimitAlgorithm#SLIDING_WINDOW). capacity * period(ms) <= 2^50 is
-- validated by the config, so every product below is exact in a double.
-- KEYS[1]  the key's state hash (fields "w<i>", "c<i>", "p<i>": window index, current and previous count)
-- ARGV[1]  now in microseconds from a test clock, or "" to read the Redis server's TIME (the single time authority)
-- ARGV[2]  permits requested
-- ARGV[3+2(i-1)], ARGV[4+2(i-1)]  capacity and period (milliseconds) of bandwidth i
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
local nowMs = math.floor(now / 1000)
local n = tonumber(ARGV[2])
local k = (#ARGV - 2) / 2
local fields = {}
for i = 1, k do
  fields[3 * i - 2] = 'w' .. i
  fields[3 * i - 1] = 'c' .. i
  fields[3 * i] = 'p' .. i
end
local stored = redis.call('HMGET', KEYS[1], unpack(fields))

local allowed = true
local cs, ps, ws, es, currs, prevs, retry = {}, {}, {}, {}, {}, {}, {}
for i = 1, k do
  local c = tonumber(ARGV[1 + 2 * i])
  local p = tonumber(ARGV[2 + 2 * i])
  local w = math.floor(nowMs / p)
  local e = nowMs - w * p
  local sw = tonumber(stored[3 * i - 2])
  local curr, prev = 0, 0
  if sw == w then
    curr = tonumber(stored[3 * i - 1])
    prev = tonumber(stored[3 * i])
  elseif sw == w - 1 then
    prev = tonumber(stored[3 * i - 1])
  end
  cs[i], ps[i], ws[i], es[i], currs[i], prevs[i] = c, p, w, e, curr, prev
  if prev * (p - e) + (curr + n) * p <= c * p then
    retry[i] = 0
  else
    allowed = false
    local atMs
    if curr + n <= c then
      atMs = w * p + p - math.floor((c - curr - n) * p / prev)
    else
      atMs = (w + 1) * p + math.max(0, p - math.floor((c - n) * p / curr))
    end
    retry[i] = atMs * 1000 - now
  end
end

local decider, minRem, maxRetry, maxFull = 0, nil, 0, 0
for i = 1, k do
  local c, p, w, e, prev = cs[i], ps[i], ws[i], es[i], prevs[i]
  local curr = allowed and currs[i] + n or currs[i]
  local full = 0
  if curr > 0 then full = (w + 2) * p * 1000 - now elseif prev > 0 then full = (w + 1) * p * 1000 - now end
  local rem = math.max(0, math.floor((c * p - prev * (p - e)) / p) - curr)
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
    args[6 * i - 5] = fields[3 * i - 2]
    args[6 * i - 4] = string.format('%d', ws[i])
    args[6 * i - 3] = fields[3 * i - 1]
    args[6 * i - 2] = string.format('%d', currs[i] + n)
    args[6 * i - 1] = fields[3 * i]
    args[6 * i] = string.format('%d', prevs[i])
  end
  redis.call('HSET', KEYS[1], unpack(args))
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(maxFull / 1000)) + slack)
end
return {allowed and 1 or 0, minRem, maxRetry, maxFull, decider}
