package io.headroom.spi;

import io.headroom.internal.Arguments;
import io.headroom.page.CursorPosition;
import io.headroom.page.PageDirection;
import io.headroom.page.Sort;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link KeysetSource} must fetch for one page: at most {@code limit} items matching the filters, adjacent
 * to the position on the side of {@code direction} in the sort order (after it for {@link PageDirection#FORWARD},
 * before it for {@link PageDirection#BACKWARD}; the item at the position itself only when
 * {@link CursorPosition#inclusive()}). Without a position: the first {@code limit} items (forward) or the last
 * {@code limit} (backward). Built by the paginator, read by backends; immutable (the filters map is
 * unmodifiable).
 *
 * @param sort the sort
 * @param filters the equality filters, values normalised
 * @param position where to start, or {@code null} for an end
 * @param direction which side of the position
 * @param limit the most items to return (the page size plus one)
 */
public record KeysetQuery(Sort sort, Map<String, @Nullable Object> filters, @Nullable CursorPosition position,
                          PageDirection direction, int limit) {

    /**
     * Checks and copies the fields.
     *
     * @param sort the sort
     * @param filters the equality filters, values normalised; copied
     * @param position where to start, or {@code null} for an end
     * @param direction which side of the position
     * @param limit the most items to return, at least 1
     * @throws IllegalArgumentException when {@code sort}, {@code filters} or {@code direction} is {@code null},
     *     or {@code limit} is below 1
     */
    public KeysetQuery {
        Arguments.notNull(sort, "sort");
        Arguments.notNull(filters, "filters");
        Arguments.notNull(direction, "direction");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }
}
