package io.headroom.counter.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One exact {@code long} counter, striped like {@link java.util.concurrent.atomic.LongAdder} so threads that
 * increment it at once do not fight over one memory word, but with exact overflow detection and an exact
 * take-and-zero ({@link #reset()}).
 *
 * <p>Fast mode (every realistic counter): a base slot, plus, once two threads collided on it, a padded array of
 * cells; an add is one compare-and-set on one slot. Every slot is kept within {@code ±2^56}, so the sum of at most
 * {@value #MAX_CELLS} cells and the base (under {@code 2^63}) cannot overflow, and no add needs the sum. An add that
 * would take its slot past {@code ±2^56} (or carries such a delta) seals the counter: under the monitor, every slot
 * is swapped for the sentinel {@link #SEALED} and the values taken are folded into one exact {@code long}; adds that
 * meet a sealed slot take the monitor and update the exact value with {@link Math#addExact}. Swapping each slot
 * atomically means every add lands either before the seal (and is folded in) or after it (and sees the sentinel):
 * none is lost or counted twice. A reset unseals.
 *
 * <p>Thread-safe. Memory: about 32 bytes while uncontended, plus 128 bytes per cell once contended.
 */
public final class StripedValue {

    /** The most cells one counter stripes over. */
    public static final int MAX_CELLS = 64;
    private static final long SEALED = Long.MIN_VALUE;
    private static final long FAST_LIMIT = 1L << 56;
    private static final int PAD = 16; // one cell per 128 bytes: adjacent-line prefetch pairs 64-byte lines
    private static final int CELLS = Math.min(MAX_CELLS,
            Integer.highestOneBit(Math.max(2, Runtime.getRuntime().availableProcessors() * 2 - 1)) * 2);
    private static final VarHandle BASE;
    private static final VarHandle CELLS_ARRAY;
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    private static final ThreadLocal<int[]> PROBE = ThreadLocal.withInitial(
            () -> new int[] {mix(Thread.currentThread().getId())});

    static {
        try {
            BASE = MethodHandles.lookup().findVarHandle(StripedValue.class, "base", long.class);
            CELLS_ARRAY = MethodHandles.lookup().findVarHandle(StripedValue.class, "cells", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through BASE
    private volatile long base;
    @SuppressWarnings("unused") // accessed through CELLS_ARRAY
    private volatile long[] cells;
    // guarded by this: the exact value while sealed
    private long exact;
    private boolean sealed;

    /** Creates a counter at 0. */
    public StripedValue() {
    }

    private static int mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        int h = (int) (x ^ (x >>> 33));
        return h == 0 ? 1 : h;
    }

    private static boolean fits(long v) {
        return v > -FAST_LIMIT && v < FAST_LIMIT;
    }

    /**
     * Adds {@code delta}.
     *
     * @param delta the amount
     * @return {@code true} when added; {@code false} when the value would leave the {@code long} range (nothing was
     *     added)
     */
    public boolean add(long delta) {
        if (fits(delta)) {
            long[] cs = (long[]) CELLS_ARRAY.getAcquire(this);
            if (cs == null) {
                long b = (long) BASE.getVolatile(this);
                if (b != SEALED && fits(b + delta)) {
                    if (BASE.compareAndSet(this, b, b + delta)) {
                        return true;
                    }
                    cs = stripe();
                }
            }
            if (cs != null && addToCell(cs, delta)) {
                return true;
            }
        }
        return addExact(delta);
    }

    /** Creates the cells after a collision on the base, unless sealed; returns them (or null when sealed). */
    private synchronized long[] stripe() {
        long[] cs = cells;
        if (cs == null && !sealed) {
            cs = new long[(CELLS + 1) * PAD]; // slot 0 unused: it shares a line with the array's length
            CELLS_ARRAY.setRelease(this, cs);
        }
        return cs;
    }

    private static boolean addToCell(long[] cs, long delta) {
        int[] probe = PROBE.get();
        int h = probe[0];
        for (int attempt = 0; attempt < 8; attempt++) {
            int i = ((h & (CELLS - 1)) + 1) * PAD;
            long v = (long) CELL.getVolatile(cs, i);
            if (v == SEALED || !fits(v + delta)) {
                return false;
            }
            if (CELL.compareAndSet(cs, i, v, v + delta)) {
                probe[0] = h;
                return true;
            }
            h ^= h << 13; // xorshift: move this thread to another cell after a collision
            h ^= h >>> 17;
            h ^= h << 5;
        }
        probe[0] = h;
        return false;
    }

    private synchronized boolean addExact(long delta) {
        if (!sealed) {
            seal();
        }
        try {
            exact = Math.addExact(exact, delta);
            return true;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }

    /** Swaps every slot for the sentinel and folds the values into {@link #exact}; call holding the monitor. */
    private void seal() {
        long sum = (long) BASE.getAndSet(this, SEALED);
        long[] cs = cells;
        if (cs != null) {
            for (int i = PAD; i < cs.length; i += PAD) {
                sum += (long) CELL.getAndSet(cs, i, SEALED);
            }
        }
        exact = sum; // at most 65 slots of magnitude below 2^56: no overflow
        sealed = true;
    }

    /**
     * Returns the value: every add that completed before the call, and possibly some concurrent ones.
     *
     * @return the value
     */
    public long sum() {
        long sum = (long) BASE.getVolatile(this);
        if (sum != SEALED) {
            long[] cs = (long[]) CELLS_ARRAY.getAcquire(this);
            if (cs == null) {
                return sum;
            }
            boolean clean = true;
            for (int i = PAD; i < cs.length && clean; i += PAD) {
                long v = (long) CELL.getVolatile(cs, i);
                clean = v != SEALED;
                sum += v;
            }
            if (clean) {
                return sum;
            }
        }
        synchronized (this) {
            return sealed ? exact : sum();
        }
    }

    /**
     * Sets the value to 0 and returns what it was, exactly: each concurrent add is either included in the result
     * or remains in the counter afterwards.
     *
     * @return the value removed
     */
    public synchronized long reset() {
        long[] cs = cells;
        if (sealed) {
            long v = exact;
            exact = 0;
            // unseal: adds waiting on the monitor see the slots usable again
            if (cs != null) {
                for (int i = PAD; i < cs.length; i += PAD) {
                    CELL.setVolatile(cs, i, 0L);
                }
            }
            BASE.setVolatile(this, 0L);
            sealed = false;
            return v;
        }
        long sum = (long) BASE.getAndSet(this, 0L);
        if (cs != null) {
            for (int i = PAD; i < cs.length; i += PAD) {
                sum += (long) CELL.getAndSet(cs, i, 0L);
            }
        }
        return sum;
    }
}
