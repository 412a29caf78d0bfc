-- Moves one entry to the dead-letter stream and acknowledges it, atomically (both keys in one hash slot).
-- KEYS[1] the shard's stream, KEYS[2] its dead-letter stream
-- ARGV[1] the consumer group, ARGV[2] the entry id, ARGV[3..] the dead letter's field/value pairs
redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
return redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
