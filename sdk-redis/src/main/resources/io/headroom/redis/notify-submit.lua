-- Accepts one notification into the durable queue once per (dedup id, token) within the dedup window.
-- KEYS[1] the shard's stream, KEYS[2] the dedup key (same hash slot)
-- ARGV[1] the dedup window in ms; ARGV[2..] the entry's field/value pairs
-- Returns the new entry id, or false when the dedup id was already accepted (a duplicate).
if not redis.call('SET', KEYS[2], 'queued', 'NX', 'PX', ARGV[1]) then
  return false
end
return redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
