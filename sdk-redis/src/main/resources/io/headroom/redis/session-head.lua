-- Session helpers, joined after clock-head.lua. ARGV[2] is always the idle timeout in ms.
-- the record of KEYS[1] as a table, or nil when absent or expired (idle or absolute)
local function record()
  local r = redis.call('HGETALL', KEYS[1])
  if #r == 0 then return nil, r end
  local m = {}
  for i = 1, #r, 2 do m[r[i]] = r[i + 1] end
  if now >= tonumber(m.x) or now >= tonumber(m.l) + tonumber(ARGV[2]) then return nil, r end
  return m, r
end
