package io.headroom.sneaky;

import io.headroom.internal.Arguments;

/** Uses an internal type, which io.headroom.core does not export. */
public final class Sneaky {
    private Sneaky() {
    }

    /**
     * Calls an internal helper.
     *
     * @return its answer
     */
    public static String key() {
        return Arguments.key("k", "key");
    }
}
