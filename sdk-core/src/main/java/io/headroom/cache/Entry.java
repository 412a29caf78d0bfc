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
 *
 * <p>Layout: a hit reads {@link #value}, {@link #checkAt} and {@link #generation} only. The class has no field
 * narrower than a reference, so the JVM puts {@code value} in the gap after the object header and the three sit
 * in the first 32 bytes (usually one cache line); the flags live in bits of one {@code long}.
 */
final class Entry {

    /** {@link #checkAt} of an entry the hot path must never serve: this long (146 years) before its insertion. */
    private static final long NEVER_FRESH = 1L << 62;
    private static final long REFRESHING = 1;
    private static final long UNCACHEABLE = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The value; {@code null} for a cached "not found" (a loader never returns {@code null} for a value). */
    final @Nullable Object value;
    /**
     * Until this reading, a read has nothing to decide: the entry is a cacheable value, fresh, and not yet in the
     * window of an early refresh. For a "not found" or an uncacheable entry, long before its insertion.
     */
    final long checkAt;
    /** The namespace generation the value was loaded in. */
    final long generation;
    /** From this reading on, the value is stale: served, and refreshed in the background. */
    final long softAt;
    /** From this reading on, the value is gone. */
    final long hardAt;
    /** When the value was stored in this process. */
    final long insertedAt;
    /** How long the load took (for early refresh). */
    final long loadNanos;
    /** {@link #REFRESHING} while a background refresh runs; {@link #UNCACHEABLE} (fixed) when not to be kept. */
    @SuppressWarnings("unused") // through STATE
    private volatile long state;

    /**
     * Creates an entry.
     *
     * @param value the value, {@code null} for "not found"
     * @param freshUntil until when the hot path may serve it (ignored for "not found" and uncacheable entries)
     * @param softAt the soft deadline
     * @param hardAt the hard deadline
     * @param insertedAt the insertion reading
     * @param loadNanos how long the load took
     * @param generation the generation the value was loaded in
     * @param cacheable whether it may be kept in the in-process tier
     */
    Entry(@Nullable Object value, long freshUntil, long softAt, long hardAt, long insertedAt, long loadNanos,
          long generation, boolean cacheable) {
        this.value = value;
        this.checkAt = value != null && cacheable ? freshUntil : insertedAt - NEVER_FRESH;
        this.softAt = softAt;
        this.hardAt = hardAt;
        this.insertedAt = insertedAt;
        this.loadNanos = loadNanos;
        this.generation = generation;
        this.state = cacheable ? 0 : UNCACHEABLE;
    }

    /**
     * Whether this is a cached "not found".
     *
     * @return {@code true} for "not found"
     */
    boolean negative() {
        return value == null;
    }

    /**
     * Whether the value may be kept in the in-process tier (not oversize, not loaded across an invalidation).
     *
     * @return {@code true} when it may
     */
    boolean cacheable() {
        return ((long) STATE.getOpaque(this) & UNCACHEABLE) == 0;
    }

    /**
     * A copy that is served to the callers of its load but never kept (the lease was lost to an invalidation).
     *
     * @return the uncacheable copy
     */
    Entry uncacheable() {
        return new Entry(value, checkAt, softAt, hardAt, insertedAt, loadNanos, generation, false);
    }

    /**
     * Claims this entry's one background refresh.
     *
     * @return {@code true} for the caller that should start it
     */
    boolean startRefresh() {
        long s = (long) STATE.getVolatile(this);
        return (s & REFRESHING) == 0 && STATE.compareAndSet(this, s, s | REFRESHING);
    }

    /** Lets a later read start a refresh again (the last one failed or stored nothing). */
    void refreshEnded() {
        long s;
        do {
            s = (long) STATE.getVolatile(this);
        } while (!STATE.compareAndSet(this, s, s & ~REFRESHING));
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
