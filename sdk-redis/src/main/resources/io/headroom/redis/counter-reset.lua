-- Sharded counter: take a shard's value and set it to 0, exactly once per reset.
-- KEYS[1]: the shard's hash. ARGV[1]: "r:<writer>", ARGV[2]: the reset's token, ARGV[3]: TTL in ms ("0": none).
-- The field "r:<writer>" keeps "<token>:<value taken>" of the writer's last reset, so a retried reset (its reply was
-- lost) answers what the first attempt took instead of taking the increments that arrived since. A writer never
-- has two resets of one counter in flight. Returns the value taken, as a string (64-bit exact).
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev then
  local sep = string.find(prev, ':', 1, true)
  if string.sub(prev, 1, sep - 1) == ARGV[2] then
    return string.sub(prev, sep + 1)
  end
end
local v = redis.call('HGET', KEYS[1], 'v')
if not v then
  -- nothing to take; a retry may then take increments that arrived meanwhile, which were concurrent anyway
  return '0'
end
redis.call('HSET', KEYS[1], 'v', '0', ARGV[1], ARGV[2] .. ':' .. v)
if ARGV[3] ~= '0' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return v
