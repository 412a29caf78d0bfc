package io.headroom.ratelimit.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The mutable state of one key, changed only by compare-and-set: a single {@code long} for a one-bandwidth GCRA
 * limiter (no allocation on the hot path), otherwise an immutable {@code long[]} replaced as a whole.
 */
public final class KeyState {

    private static final VarHandle WORD;
    private static final VarHandle WORDS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WORD = l.findVarHandle(KeyState.class, "word", long.class);
            WORDS = l.findVarHandle(KeyState.class, "words", long[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Sentinel of {@link #word()} for a key never charged. */
    public static final long FRESH = Long.MIN_VALUE;

    @SuppressWarnings("unused") // accessed through WORD
    private volatile long word = FRESH;
    @SuppressWarnings("unused") // accessed through WORDS
    private volatile long[] words;

    long word() {
        return word;
    }

    boolean casWord(long expected, long update) {
        return WORD.compareAndSet(this, expected, update);
    }

    long[] words() {
        return words;
    }

    boolean casWords(long[] expected, long[] update) {
        return WORDS.compareAndSet(this, expected, update);
    }
}
