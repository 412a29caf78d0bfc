-- Shared head of the cache scripts (Headroom joins it before each one when loading).
-- Every cache script gets the key's value hash and lease as KEYS[1], KEYS[2] (one hash slot: both carry the
-- same {generation:key} hash tag) and "now" as ARGV[1]: microseconds from a test clock, or "" to read the Redis
-- server's TIME, the single time authority of every instance.
if redis.replicate_commands then redis.replicate_commands() end
local function clock(arg)
  if arg == '' then
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000000 + tonumber(t[2])
  end
  return tonumber(arg)
end
