package io.headroom.page;

import io.headroom.internal.Arguments;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of items in display order (the order of the sort), with the cursors to the neighbouring pages.
 * Immutable.
 *
 * <p>{@code hasNext} is exact at the time of the read (the paginator fetched one item more than the page size).
 * {@code hasPrevious} is exact for a page read backwards; for a page read forwards from a cursor it is
 * {@code true} (the items before may have been deleted since, then the previous page is empty).
 *
 * @param items the items, in display order; unmodifiable
 * @param nextCursor the cursor of the page after this one, or {@code null} when {@code hasNext} is false
 * @param previousCursor the cursor of the page before this one, or {@code null} when {@code hasPrevious} is false
 * @param hasNext whether items follow this page
 * @param hasPrevious whether items precede this page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor, @Nullable String previousCursor,
                      boolean hasNext, boolean hasPrevious) {

    /**
     * Copies the items and checks the cursors match the flags.
     *
     * @param items the items, in display order
     * @param nextCursor the next page's cursor, or {@code null}
     * @param previousCursor the previous page's cursor, or {@code null}
     * @param hasNext whether items follow
     * @param hasPrevious whether items precede
     * @throws IllegalArgumentException when {@code items} is {@code null} or holds {@code null}, or a cursor is
     *     present exactly when its flag is false
     */
    public Page {
        Arguments.notNull(items, "items");
        items = List.copyOf(items);
        if (hasNext != (nextCursor != null) || hasPrevious != (previousCursor != null)) {
            throw new IllegalArgumentException("a cursor must be present exactly when its has-flag is true");
        }
    }

    /**
     * An empty page with no neighbours.
     *
     * @param <T> the item type
     * @return the page
     */
    public static <T> Page<T> empty() {
        return new Page<>(List.of(), null, null, false, false);
    }

    @Override
    public String toString() {
        return "Page[" + items.size() + " items, hasNext=" + hasNext + ", hasPrevious=" + hasPrevious + "]";
    }
}
