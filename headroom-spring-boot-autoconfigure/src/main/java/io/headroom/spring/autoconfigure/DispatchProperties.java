package io.headroom.spring.autoconfigure;

import io.headroom.ratelimit.Bandwidth;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named notification dispatchers (headroom.dispatch.dispatchers.NAME.*); each becomes a
 * NotificationDispatcher bean qualified by its name, sending through the application's PushProvider
 * bean, and drained on shutdown before any connection closes. Unset settings take DispatchConfig's
 * defaults. backend=redis-durable keeps the queue in Redis Streams (RedisNotificationDispatcher).
 *
 * @param dispatchers the dispatchers by name
 */
public record DispatchProperties(@DefaultValue Map<String, Dispatcher> dispatchers) {

    /**
     * One dispatcher.
     *
     * @param collapseWindow how long notifications with one collapse key are merged; unset: the SDK's default
     * @param maxBatchSize the most notifications per provider call; unset: the SDK's default
     * @param maxBatchDelay how long a batch waits to fill; unset: the SDK's default
     * @param perRecipientRate the most notifications per recipient, as CAPACITY/PERIOD; unset: the SDK's
     *     default
     * @param maxAttempts the most send attempts per notification; unset: the SDK's default
     * @param bufferCapacity the most notifications waiting; unset: the SDK's default
     * @param closeTimeout how long shutdown waits for the buffer to drain; unset: the SDK's default (30 s)
     * @param backend MEMORY (default: the queue is in this process) or REDIS_DURABLE (Redis Streams: a
     *     notification accepted survives a restart; needs headroom.redis.uri or a Lettuce client bean)
     * @param shards Redis Streams per dispatcher (REDIS_DURABLE only); unset: the SDK's default (1)
     */
    public record Dispatcher(
            @Nullable Duration collapseWindow,
            @Nullable Integer maxBatchSize,
            @Nullable Duration maxBatchDelay,
            @Nullable Bandwidth perRecipientRate,
            @Nullable Integer maxAttempts,
            @Nullable Integer bufferCapacity,
            @Nullable Duration closeTimeout,
            @DefaultValue("memory") Queue backend,
            @Nullable Integer shards) {
    }

    /** Where a dispatcher's queue lives. */
    public enum Queue {
        /** In this process: what is queued is lost when it stops. */
        MEMORY,
        /** In Redis Streams (durable): another instance takes over what this one did not send. */
        REDIS_DURABLE
    }
}
