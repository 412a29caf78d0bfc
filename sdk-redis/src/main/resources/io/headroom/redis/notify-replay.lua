-- Puts one dead letter back on its stream (a new entry) and deletes it from the dead-letter stream, atomically.
-- KEYS[1] the shard's stream, KEYS[2] its dead-letter stream
-- ARGV[1] the dead letter's id, ARGV[2..] the original entry's field/value pairs
local id = redis.call('XADD', KEYS[1], '*', unpack(ARGV, 2))
redis.call('XDEL', KEYS[2], ARGV[1])
return id
