package io.headroom.page;

import io.headroom.page.internal.SortValues;
import io.headroom.internal.Arguments;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What page to read: the sort, equality filters, the page size, and either a cursor from a previous page or a
 * {@link PageDirection} to start from the first or the last page. Immutable and thread-safe.
 *
 * <pre>{@code
 * PageRequest first = PageRequest.builder(Sort.by(SortKey.desc("lastMessageAt")))
 *         .filter("ownerId", uid).size(20).build();
 * Page<Chat> p1 = chats.page(first);
 * Page<Chat> p2 = chats.page(first.next(p1));        // or first.withCursor(p1.nextCursor())
 * }</pre>
 *
 * <p>A cursor is bound to the sort, the filters and the paginator that issued it; the page size may change
 * between pages. A cursor carries its own direction ({@link Page#nextCursor()} moves forward,
 * {@link Page#previousCursor()} backward), so {@link #direction()} only matters without a cursor.
 */
public final class PageRequest {

    /** The most filters one request may have. */
    public static final int MAX_FILTERS = 16;

    private final Sort sort;
    private final Map<String, @Nullable Object> filters;
    private final int size; // 0: the paginator's default
    private final @Nullable String cursor;
    private final PageDirection direction;

    private PageRequest(Sort sort, Map<String, @Nullable Object> filters, int size, @Nullable String cursor,
                        PageDirection direction) {
        this.sort = sort;
        this.filters = filters;
        this.size = size;
        this.cursor = cursor;
        this.direction = direction;
    }

    /**
     * The first page of a sort, unfiltered, at the paginator's default size.
     *
     * @param sort the sort
     * @return the request
     * @throws IllegalArgumentException when {@code sort} is {@code null}
     */
    public static PageRequest of(Sort sort) {
        return builder(sort).build();
    }

    /**
     * Starts a request.
     *
     * @param sort the sort
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when {@code sort} is {@code null}
     */
    public static Builder builder(Sort sort) {
        return new Builder(Arguments.notNull(sort, "sort"));
    }

    /**
     * The sort.
     *
     * @return the sort
     */
    public Sort sort() {
        return sort;
    }

    /**
     * The equality filters: only items whose field equals the value are paged.
     *
     * @return an unmodifiable map sorted by field, values normalised (see {@link FieldExtractor})
     */
    public Map<String, @Nullable Object> filters() {
        return filters;
    }

    /**
     * The page size, if set; otherwise the paginator's {@link PaginatorConfig#defaultPageSize()} applies.
     *
     * @return the size, or empty
     */
    public OptionalInt size() {
        return size == 0 ? OptionalInt.empty() : OptionalInt.of(size);
    }

    /**
     * The cursor, or {@code null} to start at an end.
     *
     * @return the cursor
     */
    public @Nullable String cursor() {
        return cursor;
    }

    /**
     * Where a request without a cursor starts: {@link PageDirection#FORWARD} (default) at the first page,
     * {@link PageDirection#BACKWARD} at the last.
     *
     * @return the direction
     */
    public PageDirection direction() {
        return direction;
    }

    /**
     * This request continuing at a cursor.
     *
     * @param cursor a cursor from a page of the same query
     * @return the new request
     * @throws IllegalArgumentException when {@code cursor} is {@code null} or empty
     */
    public PageRequest withCursor(String cursor) {
        Arguments.notNull(cursor, "cursor");
        if (cursor.isEmpty()) {
            throw new IllegalArgumentException("cursor must not be empty");
        }
        return new PageRequest(sort, filters, size, cursor, direction);
    }

    /**
     * This request with another page size.
     *
     * @param size at least 1 (and at most the paginator's maximum, checked when paging)
     * @return the new request
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    public PageRequest withSize(int size) {
        return new PageRequest(sort, filters, checkSize(size), cursor, direction);
    }

    /**
     * The request for the page after {@code page}.
     *
     * @param page a page of this query
     * @return the request
     * @throws IllegalArgumentException when the page has no next page
     */
    public PageRequest next(Page<?> page) {
        Arguments.notNull(page, "page");
        if (page.nextCursor() == null) {
            throw new IllegalArgumentException("page has no next page (hasNext is false)");
        }
        return withCursor(page.nextCursor());
    }

    /**
     * The request for the page before {@code page}.
     *
     * @param page a page of this query
     * @return the request
     * @throws IllegalArgumentException when the page has no previous page
     */
    public PageRequest previous(Page<?> page) {
        Arguments.notNull(page, "page");
        if (page.previousCursor() == null) {
            throw new IllegalArgumentException("page has no previous page (hasPrevious is false)");
        }
        return withCursor(page.previousCursor());
    }

    private static int checkSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        return size;
    }

    @Override
    public String toString() {
        return "PageRequest[sort=" + sort + ", filters=" + filters + ", size=" + (size == 0 ? "default" : size)
                + (cursor == null ? ", from " + direction : ", cursor") + "]";
    }

    /** Builds a {@link PageRequest}. Not thread-safe. */
    public static final class Builder {
        private final Sort sort;
        private final Map<String, @Nullable Object> filters = new TreeMap<>();
        private int size;
        private @Nullable String cursor;
        private PageDirection direction = PageDirection.FORWARD;

        private Builder(Sort sort) {
            this.sort = sort;
        }

        /**
         * Adds an equality filter.
         *
         * @param field a field of the items
         * @param value the value it must equal; {@code null} matches items whose field is {@code null}
         * @return this builder
         * @throws IllegalArgumentException when the field is empty or filtered twice, or the value's type is not
         *     one a field may hold
         */
        public Builder filter(String field, @Nullable Object value) {
            Arguments.key(field, "filter field");
            if (filters.containsKey(field)) {
                throw new IllegalArgumentException("filter field '" + field + "' is filtered twice");
            }
            if (filters.size() == MAX_FILTERS) {
                throw new IllegalArgumentException("filters must be at most " + MAX_FILTERS);
            }
            filters.put(field, SortValues.normalize(value, field));
            return this;
        }

        /**
         * Sets the page size. Default: the paginator's {@link PaginatorConfig#defaultPageSize()}.
         *
         * @param size at least 1, at most the paginator's {@link PaginatorConfig#maxPageSize()}
         * @return this builder
         * @throws IllegalArgumentException when {@code size} is below 1
         */
        public Builder size(int size) {
            this.size = checkSize(size);
            return this;
        }

        /**
         * Sets the cursor. Default none.
         *
         * @param cursor a cursor from a page of the same query, or {@code null}
         * @return this builder
         */
        public Builder cursor(@Nullable String cursor) {
            this.cursor = cursor;
            return this;
        }

        /**
         * Sets where a request without a cursor starts. Default {@link PageDirection#FORWARD}.
         *
         * @param direction the direction
         * @return this builder
         */
        public Builder direction(PageDirection direction) {
            this.direction = Arguments.notNull(direction, "direction");
            return this;
        }

        /**
         * Returns the request.
         *
         * @return the request
         * @throws IllegalArgumentException when the cursor is empty
         */
        public PageRequest build() {
            if (cursor != null && cursor.isEmpty()) {
                throw new IllegalArgumentException("cursor must not be empty (use null for none)");
            }
            return new PageRequest(sort, Collections.unmodifiableMap(new TreeMap<>(filters)), size, cursor,
                    direction);
        }
    }
}
