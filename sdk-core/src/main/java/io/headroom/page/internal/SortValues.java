package io.headroom.page.internal;

import io.headroom.internal.Arguments;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The values a sort field may hold, normalised, and their total order, shared by every backend so they all page
 * the same way: {@code null} &lt; booleans &lt; numbers &lt; instants &lt; strings (Firestore's order of types);
 * integral numbers become {@link Long}, floating ones {@link Double}; strings compare by Unicode code point (the
 * UTF-8 byte order of Redis and Firestore, not {@link String#compareTo}).
 */
public final class SortValues {

    private SortValues() {
    }

    /**
     * Normalises a field value.
     *
     * @param value the value read from an item
     * @param field the field, for the message
     * @return {@code null}, a Boolean, Long, Double, Instant or String
     * @throws IllegalArgumentException for any other type, or NaN
     */
    public static @Nullable Object normalize(@Nullable Object value, String field) {
        if (value instanceof String s) {
            // a field value may become part of a backend key (a Redis partition): lone surrogates would collide
            return Arguments.wellFormed(s, "value of field '" + field + "'");
        }
        if (value == null || value instanceof Long || value instanceof Boolean || value instanceof Instant) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException("sort field '" + field + "' must not be NaN");
            }
            return d == 0.0 ? 0.0 : d; // -0.0 and 0.0 are one position
        }
        throw new IllegalArgumentException("sort field '" + field + "' must hold a String, integral or floating "
                + "number, Boolean or Instant, was " + value.getClass().getName());
    }

    private static int rank(@Nullable Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Boolean) {
            return 1;
        }
        if (v instanceof Number) {
            return 2;
        }
        if (v instanceof Instant) {
            return 3;
        }
        return 4;
    }

    /**
     * Compares two normalised values in ascending order.
     *
     * @param a one value
     * @param b the other
     * @return negative, zero or positive
     */
    public static int compare(@Nullable Object a, @Nullable Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0:
                return 0;
            case 1:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case 2:
                if (a instanceof Long x && b instanceof Long y) {
                    return Long.compare(x, y);
                }
                return compareNumbers((Number) a, (Number) b);
            case 3:
                return ((Instant) a).compareTo((Instant) b);
            default:
                return compareStrings((String) a, (String) b);
        }
    }

    private static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x) {
            return -compareDoubleLong(b.doubleValue(), x);
        }
        if (b instanceof Long y) {
            return compareDoubleLong(a.doubleValue(), y);
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    private static int compareDoubleLong(double d, long l) {
        // exact for every long, also beyond 2^53 where (double) l rounds
        if (d < -0x1p63) {
            return -1;
        }
        if (d >= 0x1p63) {
            return 1;
        }
        long whole = (long) Math.floor(d);
        if (whole != l) {
            return Long.compare(whole, l);
        }
        return d > whole ? 1 : 0;
    }

    /**
     * Compares strings by Unicode code point, which is also the order of their UTF-8 bytes.
     *
     * @param a one string
     * @param b the other
     * @return negative, zero or positive
     */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx == sy) {
                    return x - y;
                }
                return sx ? 1 : -1; // a surrogate encodes a code point above every BMP char
            }
        }
        return a.length() - b.length();
    }
}
