package io.headroom.presence.internal;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the presence, typing and session primitives and their backends, so bad input fails
 * the same way in every implementation, before any I/O. Stateless and thread-safe.
 */
public final class Checks {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private Checks() {
    }

    /**
     * Checks a primitive's configured name: 1 to 64 characters of {@code [A-Za-z0-9_.-]}.
     *
     * @param name the name
     * @return the name
     * @throws IllegalArgumentException when it breaks the rule
     */
    public static String name(@Nullable String name) {
        Arguments.notNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1 to 64 characters of [A-Za-z0-9_.-], was '" + name + "'");
        }
        return name;
    }

    /**
     * Checks a duration lies in {@code (0, max]}.
     *
     * @param value the duration
     * @param max the largest allowed value
     * @param name the argument's name
     * @return the duration
     * @throws IllegalArgumentException when it breaks the rule
     */
    public static Duration duration(@Nullable Duration value, Duration max, String name) {
        Arguments.positive(value, name);
        if (value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + max + ", was " + value);
        }
        return value;
    }

    /**
     * Checks a bulk list of ids: non-null, at most {@code max} entries, each a valid key; duplicates collapse.
     *
     * @param ids the ids
     * @param max the most allowed
     * @param name the argument's name
     * @return the distinct ids, in first-seen order, unmodifiable
     * @throws IllegalArgumentException when the collection or an element breaks a rule
     */
    public static Set<String> ids(@Nullable Collection<String> ids, int max, String name) {
        Arguments.notNull(ids, name);
        if (ids.size() > max) {
            throw new IllegalArgumentException(name + " must hold at most " + max + " ids, held " + ids.size());
        }
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            out.add(Arguments.key(id, name + " element"));
        }
        return java.util.Collections.unmodifiableSet(out);
    }
}
