package io.headroom.search;

import org.jspecify.annotations.Nullable;

/** Length-prefixed descriptions, so that no value can imitate a separator (query fingerprints, cursor binding). */
final class Fingerprints {

    private Fingerprints() {
    }

    static String of(@Nullable Object... parts) {
        StringBuilder b = new StringBuilder(64);
        for (Object p : parts) {
            field(b, p);
        }
        return b.toString();
    }

    static void field(StringBuilder b, @Nullable Object value) {
        if (value == null) {
            b.append("|-");
        } else {
            String s = value.toString();
            b.append('|').append(s.length()).append(':').append(s);
        }
    }
}
