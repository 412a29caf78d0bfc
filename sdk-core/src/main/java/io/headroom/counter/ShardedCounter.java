package io.headroom.counter;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.Ticker;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Many exact counters (for example unread messages per user per chat) that take increments from many threads and
 * many application instances without one hot memory word, key or document becoming the bottleneck.
 *
 * <pre>{@code
 * ShardedCounter unread = ShardedCounter.inMemory(CounterConfig.ofDefaults());
 * unread.increment("chat:7:user:42", 1);        // a message arrived
 * long n = unread.get("chat:7:user:42");         // 1
 * long cleared = unread.reset("chat:7:user:42"); // the chat was opened: 1 message marked read
 * }</pre>
 *
 * <h2>Counters</h2>
 * A counter is named by a caller-chosen id and needs no set-up: an id never incremented reads 0. Ids are 1 to
 * {@value io.headroom.internal.Arguments#MAX_KEY_LENGTH} characters. Values are {@code long}s; an increment that would
 * take a counter outside the {@code long} range is refused with {@link CounterOverflowException} and changes
 * nothing.
 *
 * <h2>Accepted and durable</h2>
 * An increment is <em>accepted</em> when {@link #increment} returns (or the stage of {@link #incrementAsync}
 * completes) normally: it will be applied exactly once, never lost while this instance runs and never counted
 * twice, even when a backend write times out after it was applied and is retried. It is <em>durable</em> once it is
 * applied on the backend and visible to {@link #get} from every instance. In memory, and on a remote backend that
 * answers within its timeout and does not coalesce, accepted increments are already durable. A remote backend that
 * coalesces increments (Firestore) or cannot be reached holds accepted increments in a bounded per-instance buffer
 * ({@link CounterConfig#maxPendingIncrements()}) and writes them later; {@link #flush()} writes them now and
 * {@link #awaitDurable()} waits for them. When the buffer is full, increments are refused with
 * {@link CounterBufferFullException}: never dropped silently. Increments still buffered when the process dies are
 * lost; {@link #close()} flushes first.
 *
 * <h2>Reads</h2>
 * {@link #get} returns a value that includes every increment durable before the call and none that was not
 * accepted; increments concurrent with the read may or may not be included. It does not include this instance's
 * buffered increments.
 *
 * <h2>Reset</h2>
 * {@link #reset} sets a counter back to 0 and returns the value it removed, exactly, while other threads and
 * instances keep incrementing: every increment is counted exactly once, either in the value a reset returned or in
 * the counter afterwards ({@code sum of all increments == sum of all values reset returned + get(id)} once all are
 * durable). Increments this instance accepted before {@code reset} was called are made durable first and are
 * cleared; increments accepted after {@code reset} returned are counted after it; each increment concurrent with a
 * reset lands wholly on one side. For a counter kept in one place (in memory, one Redis key) the reset is a single
 * atomic take-and-zero, so it is linearizable; a counter spread over several shards is reset one shard at a time,
 * atomically per shard (see {@link CounterConfig#shards()}).
 *
 * <h2>Errors and threads</h2>
 * Arguments are checked before any I/O: a {@code null}, empty or over-long id, the delta {@link Long#MIN_VALUE}
 * and a {@code null} or oversized id collection throw {@link IllegalArgumentException}, also from the asynchronous
 * forms. Reads and resets of a remote backend that is unavailable fail with {@link BackendUnavailableException}
 * (what a remote backend does during an outage is {@link CounterConfig#outagePolicy()}). After {@link #close()},
 * every call but {@link #config()}, {@link #stats()} and {@code close()} throws {@link ClosedException}, also from
 * the asynchronous forms (thrown, not returned in the stage). Implementations are thread-safe; the asynchronous
 * forms of remote backends complete on their I/O threads.
 */
public interface ShardedCounter extends AutoCloseable {

    /** The most ids one {@link #getAll} call accepts. */
    int MAX_GET_ALL = 10_000;

    /**
     * Creates the embedded in-memory counter on the system ticker: striped like {@link
     * java.util.concurrent.atomic.LongAdder}, bounded by {@link CounterConfig#maximumCounters()}.
     *
     * @param config the configuration
     * @return a new counter
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    static ShardedCounter inMemory(CounterConfig config) {
        return InMemoryShardedCounter.create(config, Ticker.system());
    }

    /**
     * Creates the embedded in-memory counter reading time (for {@link CounterConfig#ttl()}) from {@code ticker}.
     *
     * @param config the configuration
     * @param ticker the time source
     * @return a new counter
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static ShardedCounter inMemory(CounterConfig config, Ticker ticker) {
        return InMemoryShardedCounter.create(config, ticker);
    }

    /**
     * Adds {@code delta} to a counter and returns once the increment is accepted (see the class documentation).
     *
     * @param counterId the counter
     * @param delta the amount, positive or negative, not {@link Long#MIN_VALUE}
     * @throws IllegalArgumentException when an argument breaks its rule
     * @throws CounterOverflowException when the counter would leave the {@code long} range; nothing was added
     * @throws CounterBufferFullException when the increment would exceed the pending buffer; nothing was added
     * @throws ClosedException when this counter is closed
     */
    void increment(String counterId, long delta);

    /**
     * Asynchronous form of {@link #increment(String, long)}: the stage completes when the increment is accepted.
     *
     * @param counterId the counter
     * @param delta the amount, not {@link Long#MIN_VALUE}
     * @return a stage completing normally when accepted, or exceptionally with {@link CounterOverflowException} or
     *     {@link CounterBufferFullException} when refused (nothing was added)
     * @throws IllegalArgumentException when an argument breaks its rule (thrown, not returned in the stage)
     * @throws ClosedException when this counter is closed
     */
    CompletionStage<Void> incrementAsync(String counterId, long delta);

    /**
     * Returns a counter's value: every increment durable before the call, none that was not accepted.
     *
     * @param counterId the counter
     * @return the value; 0 for a counter never incremented (or expired, see {@link CounterConfig#ttl()})
     * @throws IllegalArgumentException when {@code counterId} breaks its rule
     * @throws BackendUnavailableException when a remote backend cannot answer
     * @throws CounterOverflowException when a sharded counter's shards sum to more than a {@code long} holds
     * @throws ClosedException when this counter is closed
     */
    long get(String counterId);

    /**
     * Asynchronous form of {@link #get(String)}.
     *
     * @param counterId the counter
     * @return a stage completing with the value
     * @throws IllegalArgumentException when {@code counterId} breaks its rule (thrown)
     * @throws ClosedException when this counter is closed (thrown)
     */
    CompletionStage<Long> getAsync(String counterId);

    /**
     * Returns the values of several counters, read together (one round trip where the backend allows).
     *
     * @param counterIds the counters, at most {@value #MAX_GET_ALL}; duplicates are read once
     * @return an unmodifiable map from every given id to its value (0 for unknown ids)
     * @throws IllegalArgumentException when the collection or an id breaks its rule
     * @throws BackendUnavailableException when a remote backend cannot answer
     * @throws ClosedException when this counter is closed
     */
    Map<String, Long> getAll(Collection<String> counterIds);

    /**
     * Asynchronous form of {@link #getAll(Collection)}.
     *
     * @param counterIds the counters, at most {@value #MAX_GET_ALL}
     * @return a stage completing with an unmodifiable map from every given id to its value
     * @throws IllegalArgumentException when the collection or an id breaks its rule (thrown)
     * @throws ClosedException when this counter is closed (thrown)
     */
    CompletionStage<Map<String, Long>> getAllAsync(Collection<String> counterIds);

    /**
     * Sets a counter back to 0 and returns the value removed, exactly, even while increments race (see the class
     * documentation). Increments this instance accepted for the counter before the call are made durable first.
     *
     * @param counterId the counter
     * @return the value the counter had at the reset (what was cleared)
     * @throws IllegalArgumentException when {@code counterId} breaks its rule
     * @throws BackendUnavailableException when a remote backend cannot answer; the reset may or may not have
     *     happened (calling it again is another reset)
     * @throws ClosedException when this counter is closed
     */
    long reset(String counterId);

    /**
     * Asynchronous form of {@link #reset(String)}.
     *
     * @param counterId the counter
     * @return a stage completing with the value removed
     * @throws IllegalArgumentException when {@code counterId} breaks its rule (thrown)
     * @throws ClosedException when this counter is closed
     */
    CompletionStage<Long> resetAsync(String counterId);

    /**
     * Writes every increment this instance holds now (ignoring any coalescing window) and waits until every
     * increment accepted before the call is durable, at most {@link CounterConfig#flushTimeout()}.
     *
     * @throws BackendUnavailableException when they are not all durable within the flush timeout; they stay
     *     buffered and are still retried
     * @throws CounterOverflowException when one of them was refused by the backend because of an overflow
     * @throws ClosedException when this counter is closed
     */
    void flush();

    /**
     * Asynchronous form of {@link #flush()}.
     *
     * @return a stage completing when every increment accepted before the call is durable
     * @throws ClosedException when this counter is closed (thrown)
     */
    CompletionStage<Void> flushAsync();

    /**
     * Waits, without forcing an early write, until every increment accepted before the call is durable, at most
     * {@link CounterConfig#flushTimeout()}. On a coalescing backend this waits for the next scheduled write.
     *
     * @throws BackendUnavailableException when they are not all durable within the flush timeout
     * @throws CounterOverflowException when one of them was refused by the backend because of an overflow
     * @throws ClosedException when this counter is closed
     */
    void awaitDurable();

    /**
     * Asynchronous form of {@link #awaitDurable()}.
     *
     * @return a stage completing when every increment accepted before the call is durable
     * @throws ClosedException when this counter is closed (thrown)
     */
    CompletionStage<Void> awaitDurableAsync();

    /**
     * Live figures of this instance: pending increments, writes, retries, shards.
     *
     * @return an immutable snapshot
     */
    CounterStats stats();

    /**
     * The configuration of this counter.
     *
     * @return the configuration
     */
    CounterConfig config();

    /**
     * Flushes (as {@link #flush()}) and releases this instance's resources; every later call but
     * {@link #config()}, {@link #stats()} and {@code close()} throws {@link ClosedException}. Idempotent. Never
     * closes a backend connection the caller passed in.
     *
     * @throws BackendUnavailableException when buffered increments could not be made durable within the flush
     *     timeout; the message says how many were dropped (never silently)
     */
    @Override
    void close();
}
