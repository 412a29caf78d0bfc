-- Looks a key up; takes its lease when no usable value exists and nobody holds it (single flight).
-- KEYS[1] value hash {s = soft expiry, h = hard expiry (both microseconds, authority clock), d = load time
--         (microseconds), v = payload; no v = cached "not found"}
-- KEYS[2] lease (string holding the holder's token)
-- ARGV[1] now ('' = server TIME), ARGV[2] token to take the lease with, ARGV[3] lease time in milliseconds,
-- ARGV[4] '' for a read; for a background refresh, the remaining hard TTL (microseconds) of the value being
--         refreshed: only a newer value (more remaining) counts as a hit
-- returns {1, payload or nil, softRemaining, hardRemaining, loadMicros} | {2} lease taken | {3} someone else loads
local now = clock(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 's', 'h', 'v', 'd')
local s = tonumber(f[1])
local h = tonumber(f[2])
if h and now < h and (ARGV[4] == '' or h - now > tonumber(ARGV[4])) then
  return {1, f[3] or false, s - now, h - now, tonumber(f[4]) or 0}
end
if redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then
  return {2}
end
return {3}
