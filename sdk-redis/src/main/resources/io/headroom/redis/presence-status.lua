-- Read-only. KEYS[1] the user's hash. returns {online (0/1), last seen epoch ms or -1}
local key = KEYS[1]
local seen = redis.call('HGET', key, 'seen')
if not seen then return {0, -1} end
if live(key, false) > 0 then return {1, tonumber(seen)} end
return {0, tonumber(seen)}
