package io.headroom.spring.autoconfigure;

import io.headroom.counter.CounterOutagePolicy;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named sharded counters (headroom.counter.counters.NAME.*); each becomes a ShardedCounter
 * bean qualified by its name, flushed and closed on shutdown. Unset settings take CounterConfig's defaults.
 *
 * @param counters the counters by name
 */
public record CounterProperties(@DefaultValue Map<String, Counter> counters) {

    /**
     * One counter.
     *
     * @param shards the shards per counter id; unset: 1
     * @param ttl how long an idle counter id is kept; unset: forever
     * @param coalescingWindow how long increments are buffered before a backend write; unset: the SDK's default
     * @param flushTimeout how long close() waits for buffered increments; unset: the SDK's default (10 s)
     * @param outagePolicy what happens to increments while the backend is down; unset: BUFFER_AND_RETRY
     * @param backend which backend serves the counter; default AUTO (Redis, else Firestore, else memory)
     */
    public record Counter(
            @Nullable Integer shards,
            @Nullable Duration ttl,
            @Nullable Duration coalescingWindow,
            @Nullable Duration flushTimeout,
            @Nullable CounterOutagePolicy outagePolicy,
            @DefaultValue("auto") Backend backend) {
    }
}
