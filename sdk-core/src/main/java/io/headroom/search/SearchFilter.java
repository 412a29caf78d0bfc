package io.headroom.search;

import io.headroom.internal.Arguments;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A condition a document must meet to be a hit; it never changes a score. Filters combine freely
 * ({@link #and}, {@link #or}, {@link #not}); several filters on one query must all hold. A document missing the
 * field matches no condition on it except {@link #noneOf} (and the {@link #not} of one). Exact semantics in
 * {@code docs/search-query-language.md}; fields are checked against the schema before any I/O. Immutable.
 */
public sealed interface SearchFilter {

    /** Largest number of values of one keyword filter. */
    int MAX_VALUES = 1024;

    /**
     * The document holds at least one of the values in a keyword field.
     *
     * @param field a keyword field
     * @param values one or more exact values
     * @return the filter
     * @throws IllegalArgumentException when the field or a value is null or empty, or there is no value
     */
    static SearchFilter anyOf(String field, String... values) {
        return new Keywords(field, KeywordMode.ANY_OF, Set.copyOf(Arrays.asList(values)));
    }

    /**
     * The document holds at least one of the values in a keyword field.
     *
     * @param field a keyword field
     * @param values one or more exact values
     * @return the filter
     * @throws IllegalArgumentException when the field or a value is null or empty, or there is no value
     */
    static SearchFilter anyOf(String field, Iterable<String> values) {
        return new Keywords(field, KeywordMode.ANY_OF, copy(values));
    }

    /**
     * The document holds every one of the values in a keyword field.
     *
     * @param field a keyword field
     * @param values one or more exact values
     * @return the filter
     * @throws IllegalArgumentException when the field or a value is null or empty, or there is no value
     */
    static SearchFilter allOf(String field, String... values) {
        return new Keywords(field, KeywordMode.ALL_OF, Set.copyOf(Arrays.asList(values)));
    }

    /**
     * The document holds none of the values in a keyword field (a document without the field matches).
     *
     * @param field a keyword field
     * @param values one or more exact values
     * @return the filter
     * @throws IllegalArgumentException when the field or a value is null or empty, or there is no value
     */
    static SearchFilter noneOf(String field, String... values) {
        return new Keywords(field, KeywordMode.NONE_OF, Set.copyOf(Arrays.asList(values)));
    }

    /**
     * The number field lies in {@code [min, max]} (both inclusive; {@code null} for no bound).
     *
     * @param field a number field
     * @param min the lower bound or {@code null}
     * @param max the upper bound or {@code null}
     * @return the filter
     * @throws IllegalArgumentException when both bounds are null or {@code min > max}
     */
    static SearchFilter range(String field, @Nullable Long min, @Nullable Long max) {
        return new NumberRange(field, min, max);
    }

    /**
     * The date field lies in {@code [from, to]} (both inclusive, millisecond precision; {@code null} for no bound).
     *
     * @param field a date field
     * @param from the lower bound or {@code null}
     * @param to the upper bound or {@code null}
     * @return the filter
     * @throws IllegalArgumentException when both bounds are null, a bound is outside the schema's date range, or
     *     {@code from} is after {@code to}
     */
    static SearchFilter between(String field, @Nullable Instant from, @Nullable Instant to) {
        return new DateRange(field, from, to);
    }

    /**
     * The geo point lies within {@code radiusMeters} of {@code center} (haversine distance, inclusive).
     *
     * @param field the geo point field
     * @param center the center
     * @param radiusMeters the radius, positive, at most 20,040 km
     * @return the filter
     * @throws IllegalArgumentException when the center is null or the radius out of range
     */
    static SearchFilter within(String field, GeoPoint center, double radiusMeters) {
        return new GeoDistance(field, center, radiusMeters);
    }

    /**
     * Every filter holds.
     *
     * @param filters one or more filters
     * @return the filter
     * @throws IllegalArgumentException when there is none or one is null
     */
    static SearchFilter and(SearchFilter... filters) {
        return new All(List.of(filters));
    }

    /**
     * At least one filter holds.
     *
     * @param filters one or more filters
     * @return the filter
     * @throws IllegalArgumentException when there is none or one is null
     */
    static SearchFilter or(SearchFilter... filters) {
        return new Any(List.of(filters));
    }

    /**
     * The filter does not hold.
     *
     * @param filter the filter
     * @return its negation
     * @throws IllegalArgumentException when null
     */
    static SearchFilter not(SearchFilter filter) {
        return new Not(filter);
    }

    /**
     * The stable description of this filter that query fingerprints (and so cursors) are bound to.
     *
     * @return the description
     */
    String describe();

    private static Set<String> copy(Iterable<String> values) {
        Set<String> s = new LinkedHashSet<>();
        Arguments.notNull(values, "values").forEach(v -> s.add(Arguments.notNull(v, "value")));
        return Set.copyOf(s);
    }

    /** How a {@link Keywords} filter combines its values. */
    enum KeywordMode {
        /** At least one value. */
        ANY_OF,
        /** Every value. */
        ALL_OF,
        /** No value. */
        NONE_OF
    }

    /**
     * A keyword filter.
     *
     * @param field the keyword field
     * @param mode how the values combine
     * @param values the exact values, 1 to {@value SearchFilter#MAX_VALUES}
     */
    record Keywords(String field, KeywordMode mode, Set<String> values) implements SearchFilter {
        /**
         * Validates and copies.
         *
         * @param field the keyword field
         * @param mode how the values combine
         * @param values the values
         * @throws IllegalArgumentException when the field or a value is empty, or there are 0 or too many values
         */
        public Keywords {
            Arguments.key(field, "field");
            Arguments.notNull(mode, "mode");
            values = Set.copyOf(Arguments.notNull(values, "values"));
            if (values.isEmpty() || values.size() > MAX_VALUES) {
                throw new IllegalArgumentException("filter " + mode + " on '" + field + "' needs 1 to " + MAX_VALUES
                        + " values, had " + values.size());
            }
            values.forEach(v -> SearchSchema.keywordValue(v, "filter " + mode + " '" + field + "'"));
        }

        @Override
        public String describe() {
            return Fingerprints.of("kw", field, mode, new java.util.TreeSet<>(values));
        }
    }

    /**
     * A number range, both bounds inclusive.
     *
     * @param field the number field
     * @param min the lower bound or {@code null}
     * @param max the upper bound or {@code null}
     */
    record NumberRange(String field, @Nullable Long min, @Nullable Long max) implements SearchFilter {
        /**
         * Validates.
         *
         * @param field the number field
         * @param min the lower bound or {@code null}
         * @param max the upper bound or {@code null}
         * @throws IllegalArgumentException when both are null or {@code min > max}
         */
        public NumberRange {
            Arguments.key(field, "field");
            if (min == null && max == null) {
                throw new IllegalArgumentException("range on '" + field + "' needs a min or a max");
            }
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("range on '" + field + "': min " + min + " > max " + max);
            }
        }

        @Override
        public String describe() {
            return Fingerprints.of("num", field, min, max);
        }
    }

    /**
     * A date range, both bounds inclusive, millisecond precision.
     *
     * @param field the date field
     * @param from the lower bound or {@code null}
     * @param to the upper bound or {@code null}
     */
    record DateRange(String field, @Nullable Instant from, @Nullable Instant to) implements SearchFilter {
        /**
         * Validates; bounds are truncated to milliseconds.
         *
         * @param field the date field
         * @param from the lower bound or {@code null}
         * @param to the upper bound or {@code null}
         * @throws IllegalArgumentException when both are null, out of range, or {@code from} after {@code to}
         */
        public DateRange {
            Arguments.key(field, "field");
            if (from == null && to == null) {
                throw new IllegalArgumentException("between on '" + field + "' needs a from or a to");
            }
            from = from == null ? null : Instant.ofEpochMilli(SearchSchema.date(from, "from").toEpochMilli());
            to = to == null ? null : Instant.ofEpochMilli(SearchSchema.date(to, "to").toEpochMilli());
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("between on '" + field + "': from " + from + " is after " + to);
            }
        }

        @Override
        public String describe() {
            return Fingerprints.of("date", field, from == null ? null : from.toEpochMilli(),
                    to == null ? null : to.toEpochMilli());
        }
    }

    /**
     * A geo distance filter.
     *
     * @param field the geo point field
     * @param center the center
     * @param radiusMeters the radius in metres, in (0, 20,040,000]
     */
    record GeoDistance(String field, GeoPoint center, double radiusMeters) implements SearchFilter {
        /** The largest radius: half the Earth's circumference, in metres. */
        public static final double MAX_RADIUS_METERS = 20_040_000;

        /**
         * Validates.
         *
         * @param field the geo point field
         * @param center the center
         * @param radiusMeters the radius
         * @throws IllegalArgumentException when the center is null or the radius out of range
         */
        public GeoDistance {
            Arguments.key(field, "field");
            Arguments.notNull(center, "center");
            if (!(radiusMeters > 0) || radiusMeters > MAX_RADIUS_METERS) {
                throw new IllegalArgumentException("radiusMeters must be > 0 and <= 20040000, was " + radiusMeters);
            }
        }

        @Override
        public String describe() {
            return Fingerprints.of("geo", field, center.lat(), center.lon(), radiusMeters);
        }
    }

    /**
     * Every filter holds.
     *
     * @param filters one or more
     */
    record All(List<SearchFilter> filters) implements SearchFilter {
        /**
         * Copies.
         *
         * @param filters one or more
         * @throws IllegalArgumentException when empty or one is null
         */
        public All {
            filters = nonEmpty(filters, "and");
        }

        @Override
        public String describe() {
            return Fingerprints.of("and", filters.stream().map(SearchFilter::describe).toList());
        }
    }

    /**
     * At least one filter holds.
     *
     * @param filters one or more
     */
    record Any(List<SearchFilter> filters) implements SearchFilter {
        /**
         * Copies.
         *
         * @param filters one or more
         * @throws IllegalArgumentException when empty or one is null
         */
        public Any {
            filters = nonEmpty(filters, "or");
        }

        @Override
        public String describe() {
            return Fingerprints.of("or", filters.stream().map(SearchFilter::describe).toList());
        }
    }

    /**
     * The filter does not hold.
     *
     * @param filter the negated filter
     */
    record Not(SearchFilter filter) implements SearchFilter {
        /**
         * Validates.
         *
         * @param filter the negated filter
         * @throws IllegalArgumentException when null
         */
        public Not {
            Arguments.notNull(filter, "filter");
        }

        @Override
        public String describe() {
            return Fingerprints.of("not", filter.describe());
        }
    }

    private static List<SearchFilter> nonEmpty(List<SearchFilter> filters, String what) {
        Arguments.notNull(filters, what);
        filters.forEach(f -> Arguments.notNull(f, what + " filter"));
        if (filters.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one filter");
        }
        return List.copyOf(filters);
    }
}
