-- Shared head of the rate-limit decision scripts (joined after ratelimit-clock.lua, before each algorithm script).
-- KEYS[1]  the key's state hash
-- KEYS[2]  the key's listing (deny/allow list): '<d|a>:<end in us>' in this script's time (same hash tag)
-- ARGV[1]  now in microseconds from a test clock, or "" to read the Redis server's TIME (the single time authority)
-- ARGV[2]  permits requested; negative for a peek of that many (decide, write nothing)
-- ARGV[3+2(i-1)], ARGV[4+2(i-1)]  capacity and period of bandwidth i (unit: see the algorithm's script)
-- returns  {allowed (0/1), remaining, retryAfterMicros, timeUntilFullMicros, decidingIndex (0-based)}, or for a
--          listed key {allowed, 0, microseconds until the listing ends, 0, 0, 1 (deny) | 2 (allow)}
local n = tonumber(ARGV[2])
local write = n > 0
if not write then n = -n end
local k = (#ARGV - 2) / 2
-- KEYS[2] == KEYS[1]: a key that cannot be listed (its hash tag would be empty), nothing to read
local listed = KEYS[2] ~= KEYS[1] and redis.call('GET', KEYS[2])
if listed then
  local ends = tonumber(string.sub(listed, 3))
  if now < ends then
    if string.sub(listed, 1, 1) == 'd' then return {0, 0, ends - now, 0, 0, 1} end
    return {1, 0, 0, 0, 0, 2}
  end
end
