package io.headroom.page;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link KeysetSource} must fetch for one page: at most {@code limit} items matching the filters, adjacent
 * to the position on the side of {@code direction} in the sort order (after it for {@link PageDirection#FORWARD},
 * before it for {@link PageDirection#BACKWARD}; the item at the position itself only when
 * {@link CursorPosition#inclusive()}). Without a position: the first {@code limit} items (forward) or the last
 * {@code limit} (backward). Immutable.
 *
 * @param sort the sort
 * @param filters the equality filters, values normalised
 * @param position where to start, or {@code null} for an end
 * @param direction which side of the position
 * @param limit the most items to return (the page size plus one)
 */
public record KeysetQuery(Sort sort, Map<String, @Nullable Object> filters, @Nullable CursorPosition position,
                          PageDirection direction, int limit) {
}
