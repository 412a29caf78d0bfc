package io.headroom.internal;

import io.headroom.counter.ShardedCounter;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks of every {@link ShardedCounter} backend, so they all reject the same input with the same
 * message before any I/O. Stateless and thread-safe.
 */
public final class CounterChecks {

    private CounterChecks() {
    }

    /**
     * Checks a counter id: non-null, non-empty, at most {@value Arguments#MAX_KEY_LENGTH} characters, well-formed
     * UTF-16 ({@link Arguments#key}).
     *
     * @param counterId the id
     * @return the id
     * @throws IllegalArgumentException when it breaks a rule
     */
    public static String id(@Nullable String counterId) {
        return Arguments.key(counterId, "counterId");
    }

    /**
     * Checks an increment's delta: any {@code long} but {@link Long#MIN_VALUE}, which has no negation and so
     * cannot be undone or summed safely.
     *
     * @param delta the delta
     * @return the delta
     * @throws IllegalArgumentException when it is {@link Long#MIN_VALUE}
     */
    public static long delta(long delta) {
        if (delta == Long.MIN_VALUE) {
            throw new IllegalArgumentException("delta must be between -9223372036854775807 and "
                    + "9223372036854775807 (Long.MIN_VALUE would overflow when negated), was " + delta);
        }
        return delta;
    }

    /**
     * Checks the ids of a {@link ShardedCounter#getAll} call: a non-null collection of at most
     * {@value ShardedCounter#MAX_GET_ALL} valid ids.
     *
     * @param counterIds the ids
     * @return the ids
     * @throws IllegalArgumentException when the collection or an id breaks its rule
     */
    public static Collection<String> ids(@Nullable Collection<String> counterIds) {
        Arguments.notNull(counterIds, "counterIds");
        if (counterIds.size() > ShardedCounter.MAX_GET_ALL) {
            throw new IllegalArgumentException("counterIds must hold at most " + ShardedCounter.MAX_GET_ALL
                    + " ids, was " + counterIds.size());
        }
        for (String id : counterIds) {
            Arguments.key(id, "every element of counterIds");
        }
        return counterIds;
    }
}
