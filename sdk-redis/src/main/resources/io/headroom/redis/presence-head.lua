-- Presence helpers, joined after clock-head.lua. A user's hash holds 'd:<device>' -> expiry (epoch ms), 'seen' -> last
-- heartbeat/offline time, 'on' -> '1' while announced online (so every announcement is decided in the user's own slot).
-- the latest expiry among the live devices of a user's hash (0 when none); prune drops expired devices
local function live(key, prune)
  local all = redis.call('HGETALL', key)
  local maxexp = 0
  for i = 1, #all, 2 do
    local f = all[i]
    if string.sub(f, 1, 2) == 'd:' then
      local e = tonumber(all[i + 1])
      if e <= now then
        if prune then redis.call('HDEL', key, f) end
      elseif e > maxexp then
        maxexp = e
      end
    end
  end
  return maxexp
end
