-- Gives a lease back without writing, if the caller still holds it. ARGV[1] unused (now), ARGV[2] token.
if redis.call('GET', KEYS[2]) == ARGV[2] then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
