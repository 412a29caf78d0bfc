-- Keyset page read over one sorted set ordered by (score, member), both ascending; atomic, one hash slot.
-- KEYS[1] the sorted set (members = item ids), KEYS[2] the hash of payloads (field = id).
-- ARGV[1] '1' when a position is given, ARGV[2] its score, ARGV[3] its member (id), ARGV[4] '1' when the
-- position's own item belongs to the page, ARGV[5] 'after' or 'before' (in ascending order), ARGV[6] limit.
-- Returns id1, payload1, id2, payload2, ... in ascending order: the `limit` items nearest the position on its side.
local zset, hash = KEYS[1], KEYS[2]
local limit = tonumber(ARGV[6])
local side = ARGV[5]

-- Redis orders equal scores by member bytes (memcmp); Lua's '<' may use the locale, so compare bytes here
local function less(a, b)
  local la, lb = #a, #b
  local n = la < lb and la or lb
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return la < lb
end

local first, last
if ARGV[1] ~= '1' then
  if side == 'after' then first, last = 0, limit - 1 else first, last = -limit, -1 end
else
  local score, member = ARGV[2], ARGV[3]
  local s = tonumber(score)
  -- lt: how many elements sort strictly before (score, member); eq: 1 when that exact element exists
  local lt, eq
  local current = redis.call('ZSCORE', zset, member)
  if current and tonumber(current) == s then
    lt, eq = redis.call('ZRANK', zset, member), 1
  else
    -- the position's item was deleted or re-scored: binary search its place among the members sharing its score
    local below = redis.call('ZCOUNT', zset, '-inf', '(' .. score)
    local band = redis.call('ZCOUNT', zset, score, score)
    local lo, hi = 0, band
    while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      local m = redis.call('ZRANGE', zset, below + mid, below + mid)[1]
      if less(m, member) then lo = mid + 1 else hi = mid end
    end
    lt, eq = below + lo, 0
  end
  local inclusive = ARGV[4] == '1'
  if side == 'after' then
    first = inclusive and lt or lt + eq
    last = first + limit - 1
  else
    last = (inclusive and (lt + eq) or lt) - 1
    if last < 0 then return {} end
    first = last - limit + 1
    if first < 0 then first = 0 end
  end
end

local ids = redis.call('ZRANGE', zset, first, last)
if #ids == 0 then return {} end
local out = {}
-- HMGET in chunks: unpack() of thousands of arguments would overflow Lua's C stack
for from = 1, #ids, 500 do
  local to = math.min(from + 499, #ids)
  local payloads = redis.call('HMGET', hash, unpack(ids, from, to))
  for i = from, to do
    out[2 * i - 1] = ids[i]
    out[2 * i] = payloads[i - from + 1]
  end
end
return out
