package io.headroom.page;

import io.headroom.internal.Arguments;

/**
 * One field of a {@link Sort} and its direction. Immutable.
 *
 * @param field the item field to sort by, as named in the paginator's {@link FieldExtractor}
 * @param direction ascending or descending
 */
public record SortKey(String field, SortDirection direction) {

    /**
     * Validates the key.
     *
     * @param field the item field
     * @param direction ascending or descending
     * @throws IllegalArgumentException when {@code field} is {@code null}, empty or too long, or
     *     {@code direction} is {@code null}
     */
    public SortKey {
        Arguments.key(field, "field");
        Arguments.notNull(direction, "direction");
    }

    /**
     * An ascending key.
     *
     * @param field the field
     * @return the key
     * @throws IllegalArgumentException when {@code field} is {@code null} or empty
     */
    public static SortKey asc(String field) {
        return new SortKey(field, SortDirection.ASCENDING);
    }

    /**
     * A descending key.
     *
     * @param field the field
     * @return the key
     * @throws IllegalArgumentException when {@code field} is {@code null} or empty
     */
    public static SortKey desc(String field) {
        return new SortKey(field, SortDirection.DESCENDING);
    }

    @Override
    public String toString() {
        return field + (direction == SortDirection.ASCENDING ? " asc" : " desc");
    }
}
