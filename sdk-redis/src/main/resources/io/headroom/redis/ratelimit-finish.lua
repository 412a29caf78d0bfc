-- Shared tail helper of the multi-bandwidth rate-limit scripts (joined after ratelimit-common.lua).
-- Combines per-bandwidth figures exactly like sdk-core's RateAlgorithm.combine, writes the new state when
-- admitted, and always leaves the key with a TTL equal to the time until it is full again.
local function finish(allowed, rems, retries, fulls, writes)
  local decider, minRem, maxRetry, maxFull = 0, nil, 0, 0
  for i = 1, k do
    if allowed then
      if minRem == nil or rems[i] < minRem then decider = i - 1 end
    else
      if retries[i] > maxRetry then decider = i - 1 end
    end
    if minRem == nil or rems[i] < minRem then minRem = rems[i] end
    if retries[i] > maxRetry then maxRetry = retries[i] end
    if fulls[i] > maxFull then maxFull = fulls[i] end
  end
  if allowed and write then
    redis.call('HSET', KEYS[1], unpack(writes))
    redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(maxFull / 1000)) + slack)
  end
  return {allowed and 1 or 0, minRem, maxRetry, maxFull, decider}
end

