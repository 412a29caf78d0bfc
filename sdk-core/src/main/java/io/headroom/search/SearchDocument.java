package io.headroom.search;

import io.headroom.internal.Arguments;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a backend indexes for one record: an id and values of the {@link SearchSchema}'s fields: text (one string
 * per field), keywords (a set of exact values per field), numbers, dates and the geo point. Every field is optional;
 * a field left out is missing (it matches no filter on it but {@code noneOf} and {@code not}, sorts last, adds no
 * ranking). The index checks a document against its schema ({@link SearchSchema#validate(SearchDocument)}) before
 * any I/O. Immutable (collections are copied) and thread-safe.
 *
 * <pre>{@code
 * SearchDocument d = SearchDocument.builder("u42").text("name", "Zoë Martin").text("bio", "jazz and hiking")
 *         .keyword("city", "paris").keyword("interests", "jazz", "hiking").number("age", 31)
 *         .date("lastActive", Instant.parse("2026-11-30T18:00:00Z")).geoPoint("home", GeoPoint.of(48.86, 2.35))
 *         .build();
 * }</pre>
 *
 * @param id the document id, non-empty, at most {@link Arguments#MAX_KEY_LENGTH} characters
 * @param text text fields by name
 * @param keywords keyword fields by name, each a set of exact values (an empty set is the same as missing)
 * @param numbers number fields by name
 * @param dates date fields by name (kept at millisecond precision)
 * @param geoPoints the geo point field by name (a schema has at most one)
 */
public record SearchDocument(String id, Map<String, String> text, Map<String, Set<String>> keywords,
                             Map<String, Long> numbers, Map<String, Instant> dates, Map<String, GeoPoint> geoPoints) {

    /**
     * Validates and copies; dates are truncated to milliseconds, empty keyword sets dropped.
     *
     * @param id the document id
     * @param text text fields by name
     * @param keywords keyword fields by name
     * @param numbers number fields by name
     * @param dates date fields by name
     * @param geoPoints the geo point by name
     * @throws IllegalArgumentException when {@code id} is empty or too long, or a map, key or value is null
     */
    public SearchDocument {
        Arguments.key(id, "id");
        text = copy(text, "text");
        keywords = copy(keywords, "keywords").entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        numbers = copy(numbers, "numbers");
        dates = copy(dates, "dates").entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> Instant.ofEpochMilli(e.getValue().toEpochMilli())));
        geoPoints = copy(geoPoints, "geoPoints");
    }

    private static <V> Map<String, V> copy(Map<String, V> map, String name) {
        Arguments.notNull(map, name);
        map.forEach((k, v) -> {
            Arguments.notNull(k, name + " key");
            Arguments.notNull(v, name + "[" + k + "]");
        });
        return Map.copyOf(map);
    }

    /**
     * Starts a document.
     *
     * @param id the document id
     * @return a builder
     * @throws IllegalArgumentException when {@code id} is empty or too long
     */
    public static Builder builder(String id) {
        return new Builder(Arguments.key(id, "id"));
    }

    /**
     * A document with an id and no fields.
     *
     * @param id the document id
     * @return the document
     * @throws IllegalArgumentException when {@code id} is empty or too long
     */
    public static SearchDocument of(String id) {
        return builder(id).build();
    }

    /**
     * Returns a builder holding this document's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(id);
        b.text.putAll(text);
        keywords.forEach((k, v) -> b.keywords.put(k, new LinkedHashSet<>(v)));
        b.numbers.putAll(numbers);
        b.dates.putAll(dates);
        b.geoPoints.putAll(geoPoints);
        return b;
    }

    /** Builds a {@link SearchDocument}; not thread-safe. Setting a field again replaces its value. */
    public static final class Builder {
        private final String id;
        private final Map<String, String> text = new LinkedHashMap<>();
        private final Map<String, Set<String>> keywords = new LinkedHashMap<>();
        private final Map<String, Long> numbers = new LinkedHashMap<>();
        private final Map<String, Instant> dates = new LinkedHashMap<>();
        private final Map<String, GeoPoint> geoPoints = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
        }

        /**
         * Sets a text field.
         *
         * @param field the field
         * @param value the text
         * @return this builder
         */
        public Builder text(String field, String value) {
            text.put(Arguments.notNull(field, "field"), Arguments.notNull(value, "value"));
            return this;
        }

        /**
         * Sets a keyword field to these values.
         *
         * @param field the field
         * @param values the exact values
         * @return this builder
         */
        public Builder keyword(String field, String... values) {
            return keywords(field, Arrays.asList(Arguments.notNull(values, "values")));
        }

        /**
         * Sets a keyword field to these values.
         *
         * @param field the field
         * @param values the exact values
         * @return this builder
         */
        public Builder keywords(String field, Iterable<String> values) {
            Set<String> set = new LinkedHashSet<>();
            Arguments.notNull(values, "values").forEach(v -> set.add(Arguments.notNull(v, "value")));
            keywords.put(Arguments.notNull(field, "field"), set);
            return this;
        }

        /**
         * Sets a number field.
         *
         * @param field the field
         * @param value the number
         * @return this builder
         */
        public Builder number(String field, long value) {
            numbers.put(Arguments.notNull(field, "field"), value);
            return this;
        }

        /**
         * Sets a date field.
         *
         * @param field the field
         * @param value the instant (kept at millisecond precision)
         * @return this builder
         */
        public Builder date(String field, Instant value) {
            dates.put(Arguments.notNull(field, "field"), Arguments.notNull(value, "value"));
            return this;
        }

        /**
         * Sets the geo point field.
         *
         * @param field the field
         * @param value the point
         * @return this builder
         */
        public Builder geoPoint(String field, GeoPoint value) {
            geoPoints.put(Arguments.notNull(field, "field"), Arguments.notNull(value, "value"));
            return this;
        }

        /**
         * Builds the document.
         *
         * @return the document
         */
        public SearchDocument build() {
            return new SearchDocument(id, text, keywords, numbers, dates, geoPoints);
        }
    }
}
