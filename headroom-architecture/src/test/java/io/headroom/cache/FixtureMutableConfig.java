package io.headroom.cache;

import java.util.ArrayList;
import java.util.List;

/** Deliberate violation (a mutable config), for RulesCatchViolationsTest only. */
public final class FixtureMutableConfig {
    /** A public mutable collection. */
    public final List<String> names = new ArrayList<>();
    private int size;

    /**
     * A setter that makes it mutable.
     *
     * @param size the size
     */
    public void size(int size) {
        this.size = size;
    }

    @Override
    public String toString() {
        return "FixtureMutableConfig[" + size + "]";
    }
}
