package io.headroom.search;

import io.headroom.internal.Arguments;

/**
 * How hits are ordered. Ties are always broken by document id, ascending in UTF-8 byte order, so paging is stable
 * and every backend returns the same order. Immutable.
 */
public sealed interface SearchSort {

    /**
     * By {@link Ranking} score, highest first. The default.
     *
     * @return the relevance sort
     */
    static SearchSort relevance() {
        return Relevance.INSTANCE;
    }

    /**
     * By a {@link FieldOption#SORTABLE} keyword, number or date field. A multi-valued keyword sorts by its smallest
     * value ascending and by its largest descending; documents missing the field come last in both directions.
     *
     * @param field the field
     * @param descending true for largest first
     * @return the sort
     */
    static SearchSort byField(String field, boolean descending) {
        return new ByField(field, descending);
    }

    /**
     * By haversine distance of the geo point from {@code from}, nearest first; documents without one come last.
     *
     * @param field the geo point field
     * @param from the point distances are measured from
     * @return the sort
     */
    static SearchSort byDistance(String field, GeoPoint from) {
        return new ByDistance(field, from);
    }

    /**
     * The stable description cursors are bound to.
     *
     * @return the description
     */
    String describe();

    /** By score. */
    final class Relevance implements SearchSort {
        static final Relevance INSTANCE = new Relevance();

        private Relevance() {
        }

        @Override
        public String describe() {
            return "relevance";
        }

        @Override
        public String toString() {
            return "relevance";
        }
    }

    /**
     * By a field.
     *
     * @param field the sortable field
     * @param descending true for largest first
     */
    record ByField(String field, boolean descending) implements SearchSort {
        /**
         * Validates.
         *
         * @param field the field
         * @param descending the direction
         * @throws IllegalArgumentException when the field is empty
         */
        public ByField {
            Arguments.key(field, "field");
        }

        @Override
        public String describe() {
            return Fingerprints.of("field", field, descending);
        }
    }

    /**
     * By distance.
     *
     * @param field the geo point field
     * @param from the origin
     */
    record ByDistance(String field, GeoPoint from) implements SearchSort {
        /**
         * Validates.
         *
         * @param field the field
         * @param from the origin
         * @throws IllegalArgumentException when an argument is null or empty
         */
        public ByDistance {
            Arguments.key(field, "field");
            Arguments.notNull(from, "from");
        }

        @Override
        public String describe() {
            return Fingerprints.of("distance", field, from.lat(), from.lon());
        }
    }
}
