-- Shared head of every rate-limit script (Headroom joins it first when loading): the script's time.
-- ARGV[1]  now in microseconds from a test clock, or "" to read the Redis server's TIME (the single time authority)
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
