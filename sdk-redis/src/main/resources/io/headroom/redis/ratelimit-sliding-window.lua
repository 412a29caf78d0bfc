-- Sliding-window counter over all bandwidths of one key, atomically; the same integer arithmetic as sdk-core's
-- SlidingWindow (see io.headroom.ratelimit.RateLimitAlgorithm#SLIDING_WINDOW). capacity * period(ms) <= 2^50 is
-- validated by the config, so every product below is exact in a double.
-- Runs after ratelimit-common.lua and ratelimit-finish.lua. State: fields "w<i>", "c<i>", "p<i>": window index, current and previous count.
-- Bandwidth arguments: capacity and period in milliseconds.
local nowMs = math.floor(now / 1000)
local fields = {}
for i = 1, k do
  fields[3 * i - 2] = 'w' .. i
  fields[3 * i - 1] = 'c' .. i
  fields[3 * i] = 'p' .. i
end
local stored = redis.call('HMGET', KEYS[1], unpack(fields))

local allowed = true
local cs, ps, ws, es, currs, prevs, retries = {}, {}, {}, {}, {}, {}, {}
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
    retries[i] = 0
  else
    allowed = false
    local atMs
    if curr + n <= c then
      atMs = w * p + p - math.floor((c - curr - n) * p / prev)
    else
      atMs = (w + 1) * p + math.max(0, p - math.floor((c - n) * p / curr))
    end
    retries[i] = atMs * 1000 - now
  end
end

local rems, fulls, writes = {}, {}, {}
for i = 1, k do
  local c, p, w, e, prev = cs[i], ps[i], ws[i], es[i], prevs[i]
  local curr = allowed and currs[i] + n or currs[i]
  fulls[i] = 0
  if curr > 0 then fulls[i] = (w + 2) * p * 1000 - now elseif prev > 0 then fulls[i] = (w + 1) * p * 1000 - now end
  rems[i] = math.max(0, math.floor((c * p - prev * (p - e)) / p) - curr)
  writes[6 * i - 5] = fields[3 * i - 2]
  writes[6 * i - 4] = string.format('%d', w)
  writes[6 * i - 3] = fields[3 * i - 1]
  writes[6 * i - 2] = string.format('%d', curr)
  writes[6 * i - 1] = fields[3 * i]
  writes[6 * i] = string.format('%d', prev)
end
return finish(allowed, rems, retries, fulls, writes)
