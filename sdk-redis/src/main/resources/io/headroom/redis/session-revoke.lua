-- KEYS[1] the record; ARGV[2] idle ms, ARGV[3] the owner it must belong to ("" for any).
-- returns {owner, live (0/1)} after deleting it, or {} when absent or owned by someone else
local r = redis.call('HGETALL', KEYS[1])
if #r == 0 then return {} end
local m = {}
for i = 1, #r, 2 do m[r[i]] = r[i + 1] end
if ARGV[3] ~= '' and m.u ~= ARGV[3] then return {} end
redis.call('DEL', KEYS[1])
local alive = 0
if now < tonumber(m.x) and now < tonumber(m.l) + tonumber(ARGV[2]) then alive = 1 end
return {m.u, alive}
