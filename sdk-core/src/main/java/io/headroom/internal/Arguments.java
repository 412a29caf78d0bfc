package io.headroom.internal;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by every primitive and backend, so bad input fails the same way everywhere: an
 * {@link IllegalArgumentException} whose message names the argument and the rule, thrown by the public method
 * before any I/O. Stateless and thread-safe.
 */
public final class Arguments {

    /** The longest key (in UTF-16 characters) any primitive accepts. */
    public static final int MAX_KEY_LENGTH = 1024;

    /** The longest primitive name ({@link #name}) in characters. */
    public static final int MAX_NAME_LENGTH = 64;

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private Arguments() {
    }

    /**
     * Checks a caller-supplied key: non-null, non-empty, at most {@value #MAX_KEY_LENGTH} characters, and
     * well-formed UTF-16 ({@link #wellFormed}). Any other characters are allowed; backends never place keys into
     * script or query text.
     *
     * @param key the key to check
     * @param name the argument's name, for the message
     * @return the key
     * @throws IllegalArgumentException when the key breaks a rule
     */
    public static String key(@Nullable String key, String name) {
        if (key == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    name + " must be at most " + MAX_KEY_LENGTH + " characters, was " + key.length());
        }
        return wellFormed(key, name);
    }

    /**
     * Checks that a string is well-formed UTF-16: every high surrogate is followed by a low one and every low
     * surrogate follows a high one. An unpaired surrogate has no UTF-8 form: Redis' and gRPC's codecs replace it
     * with {@code '?'}, so {@code "\uD800"}, {@code "\uD801"} and {@code "?"} would name one remote entry while
     * staying three in memory. Rejecting them here makes every backend behave alike.
     *
     * @param value the string to check
     * @param name the argument's name, for the message
     * @return the string
     * @throws IllegalArgumentException when it holds an unpaired surrogate (the message gives its index)
     */
    public static String wellFormed(String value, String name) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(name + " must be well-formed UTF-16 (no unpaired surrogate), "
                        + "has an unpaired " + (Character.isHighSurrogate(c) ? "high" : "low") + " surrogate U+"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i);
            }
        }
        return value;
    }

    /**
     * Checks a primitive's name (a limiter's, a counter's, a cache's): 1 to {@value #MAX_NAME_LENGTH} characters of
     * {@code [A-Za-z0-9_.:-]}.
     *
     * @param value the name
     * @param name the argument's name, for the message
     * @return the name
     * @throws IllegalArgumentException when it breaks the rule
     */
    public static String name(@Nullable String value, String name) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1 to " + MAX_NAME_LENGTH
                    + " characters of [A-Za-z0-9_.:-], was " + (value == null ? "null" : '"' + value + '"'));
        }
        return value;
    }

    /**
     * Checks that a reference is non-null.
     *
     * @param value the value
     * @param name the argument's name, for the message
     * @param <T> the value's type
     * @return the value
     * @throws IllegalArgumentException when it is {@code null}
     */
    public static <T> T notNull(@Nullable T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Checks that a number lies in a closed range.
     *
     * @param value the value
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @param name the argument's name, for the message
     * @param why what the bounds are, appended to the message (may be empty)
     * @return the value
     * @throws IllegalArgumentException when it lies outside
     */
    public static long inRange(long value, long min, long max, String name, String why) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max
                    + (why.isEmpty() ? "" : " (" + why + ")") + ", was " + value);
        }
        return value;
    }

    /**
     * Checks that a duration is positive.
     *
     * @param value the duration
     * @param name the argument's name, for the message
     * @return the duration
     * @throws IllegalArgumentException when it is {@code null}, zero or negative
     */
    public static java.time.Duration positive(java.time.@Nullable Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
