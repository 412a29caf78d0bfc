package io.headroom.page;

import io.headroom.spi.KeysetQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A decoded cursor: the key values of the item it points at (one per sort key, then the tie-breaker), which way
 * the next page lies, and whether that item itself belongs to the next page. Backends receive it through
 * {@link KeysetQuery}; callers only ever see the opaque string. Immutable.
 *
 * @param values the normalised sort values, then the tie-breaker value; unmodifiable, may hold {@code null}s
 * @param direction {@link PageDirection#FORWARD} for items after the position, {@code BACKWARD} for items before
 * @param inclusive whether the item at the position itself is part of the page
 */
public record CursorPosition(List<@Nullable Object> values, PageDirection direction, boolean inclusive) {

    /**
     * Copies the values.
     *
     * @param values the sort values, then the tie-breaker value
     * @param direction which side of the position the page lies
     * @param inclusive whether the item at the position belongs to the page
     * @throws IllegalArgumentException when an argument is {@code null} or {@code values} is empty
     */
    public CursorPosition {
        io.headroom.internal.Arguments.notNull(values, "values");
        io.headroom.internal.Arguments.notNull(direction, "direction");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /**
     * The tie-breaker's value (the item id by default).
     *
     * @return the last value
     */
    public @Nullable Object tieBreakerValue() {
        return values.get(values.size() - 1);
    }
}
