package io.headroom.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * One cached value (or a cached "not found") with its deadlines by the cache's ticker. Immutable but for the
 * flag that keeps a second background refresh from starting. Built by {@link LocalTier}, which decides every
 * deadline; this class only holds them.
 *
 * <p>Deadlines are ticker readings; compare them by subtraction ({@code now - softAt >= 0}), never with
 * {@code <}, since the ticker's origin is arbitrary.
 */
final class Entry {

    private static final VarHandle REFRESHING;

    static {
        try {
            REFRESHING = MethodHandles.lookup().findVarHandle(Entry.class, "refreshing", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The value; {@code null} only for a cached "not found". */
    final @Nullable Object value;
    /** Whether this is a cached "not found". */
    final boolean negative;
    /**
     * Whether the hot read path may serve this entry on {@link #checkAt} alone: a positive value that may be
     * cached. Negative and uncacheable entries always take the full check.
     */
    final boolean plain;
    /** Until this reading, a read needs no soft-TTL, early-refresh or hard-TTL decision: the entry is fresh. */
    final long checkAt;
    /** From this reading on, the value is stale: served, and refreshed in the background. */
    final long softAt;
    /** From this reading on, the value is gone. */
    final long hardAt;
    /** When the value was stored in this process. */
    final long insertedAt;
    /** How long the load took (for early refresh). */
    final long loadNanos;
    /** The namespace generation the value was loaded in. */
    final long generation;
    /** Whether the value may be kept in the in-process tier (not oversize, not loaded across an invalidation). */
    final boolean cacheable;
    @SuppressWarnings("unused") // through REFRESHING
    private volatile int refreshing;

    Entry(@Nullable Object value, boolean negative, long checkAt, long softAt, long hardAt, long insertedAt,
          long loadNanos, long generation, boolean cacheable) {
        this.value = value;
        this.negative = negative;
        this.plain = !negative && cacheable;
        this.checkAt = checkAt;
        this.softAt = softAt;
        this.hardAt = hardAt;
        this.insertedAt = insertedAt;
        this.loadNanos = loadNanos;
        this.generation = generation;
        this.cacheable = cacheable;
    }

    /**
     * A copy that is served to the callers of its load but never kept (the lease was lost to an invalidation).
     *
     * @return the uncacheable copy
     */
    Entry uncacheable() {
        return new Entry(value, negative, checkAt, softAt, hardAt, insertedAt, loadNanos, generation, false);
    }

    /**
     * Claims this entry's one background refresh.
     *
     * @return {@code true} for the caller that should start it
     */
    boolean startRefresh() {
        return REFRESHING.compareAndSet(this, 0, 1);
    }

    /** Lets a later read start a refresh again (the last one failed or stored nothing). */
    void refreshEnded() {
        REFRESHING.setVolatile(this, 0);
    }

    /**
     * A started load: its entry (absent for an uncached "not found") and the bytes it encoded, for the remote
     * tier's write.
     *
     * @param entry the entry, or {@code null} when "not found" is not cached
     * @param bytes the encoded value, or {@code null} without a codec, for "not found" and oversize values
     */
    record Loaded(@Nullable Entry entry, byte @Nullable [] bytes) {
    }
}
