-- Sharded counter: apply one batch of increments to one shard, exactly once.
-- KEYS[1]: the shard's hash. Fields: "v" the value; "w:<writer>" the last write sequence applied for a writer.
-- ARGV[1]: "w:<writer>", ARGV[2]: the write's sequence number, ARGV[3]: the delta, ARGV[4]: TTL in ms ("0": none).
-- A writer's sequence numbers only grow and it never has two writes in flight per shard, so a write whose number is
-- not above the recorded one was applied already (a retry after a lost or late reply): it is skipped.
-- Returns 1 applied, 0 skipped as a duplicate, -1 refused because the value would leave the 64-bit range.
local last = redis.call('HGET', KEYS[1], ARGV[1])
if last and tonumber(last) >= tonumber(ARGV[2]) then
  return 0
end
-- HINCRBY does exact 64-bit arithmetic (Lua numbers are doubles) and refuses to overflow
local r = redis.pcall('HINCRBY', KEYS[1], 'v', ARGV[3])
if type(r) == 'table' and r.err then
  return -1
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[4] ~= '0' then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1
