-- Shared head of the presence, typing and session scripts (Headroom joins it before each script when loading).
-- ARGV[1]  now in epoch milliseconds from a test clock, or "" to read the Redis server's TIME (the one time authority)
if redis.replicate_commands then redis.replicate_commands() end
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
else
  now = tonumber(ARGV[1])
end
