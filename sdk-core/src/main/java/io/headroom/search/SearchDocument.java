package io.headroom.search;

import io.headroom.internal.Arguments;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a backend indexes for one record: an id, analysed text fields (searched, exact or fuzzy), exact keyword
 * fields (filtered), an optional location, interest tags (ranked by overlap) and a timestamp (recency ranking).
 * Immutable (collections are copied) and thread-safe.
 *
 * @param id the document id, non-empty, at most {@link Arguments#MAX_KEY_LENGTH} characters
 * @param text text fields by name; values are analysed (lower-cased, tokenised)
 * @param keywords keyword fields by name, each with a set of exact values
 * @param location where the document is, or {@code null}
 * @param interests interest tags, exact values
 * @param timestampMillis epoch millis used by recency ranking (e.g. last activity), 0 when unknown
 */
public record SearchDocument(String id, Map<String, String> text, Map<String, Set<String>> keywords,
                             @Nullable GeoPoint location, Set<String> interests, long timestampMillis) {

    /**
     * Validates and copies.
     *
     * @param id the id
     * @param text text fields by name; values are analysed (lower-cased, tokenised)
     * @param keywords keyword fields by name, each with a set of exact values
     * @param location the location
     * @param interests interest tags, exact values
     * @param timestampMillis epoch millis used by recency ranking (e.g. last activity), 0 when unknown
     * @throws IllegalArgumentException when {@code id} is empty or too long, or a map or set is null
     */
    public SearchDocument {
        Arguments.key(id, "id");
        text = Map.copyOf(Arguments.notNull(text, "text"));
        keywords = Map.copyOf(Arguments.notNull(keywords, "keywords"));
        keywords.forEach((k, v) -> Arguments.notNull(v, "keywords[" + k + "]"));
        keywords = keywords.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        interests = Set.copyOf(Arguments.notNull(interests, "interests"));
    }

    /**
     * Starts a document with an id and nothing else.
     *
     * @param id the document id
     * @return a document without fields
     * @throws IllegalArgumentException when {@code id} is empty or too long
     */
    public static SearchDocument of(String id) {
        return new SearchDocument(id, Map.of(), Map.of(), null, Set.of(), 0);
    }

    /**
     * Returns a copy with one more text field.
     *
     * @param name field name
     * @param value field text
     * @return the new document
     */
    public SearchDocument withText(String name, String value) {
        var m = new java.util.HashMap<>(text);
        m.put(Arguments.notNull(name, "name"), Arguments.notNull(value, "value"));
        return new SearchDocument(id, m, keywords, location, interests, timestampMillis);
    }

    /**
     * Returns a copy with a keyword field set to the given values.
     *
     * @param name field name
     * @param values exact values
     * @return the new document
     */
    public SearchDocument withKeyword(String name, String... values) {
        var m = new java.util.HashMap<>(keywords);
        m.put(Arguments.notNull(name, "name"), Set.of(values));
        return new SearchDocument(id, text, m, location, interests, timestampMillis);
    }

    /**
     * Returns a copy at a location.
     *
     * @param point the location, or {@code null} for none
     * @return the new document
     */
    public SearchDocument withLocation(@Nullable GeoPoint point) {
        return new SearchDocument(id, text, keywords, point, interests, timestampMillis);
    }

    /**
     * Returns a copy with these interest tags.
     *
     * @param tags the tags
     * @return the new document
     */
    public SearchDocument withInterests(Set<String> tags) {
        return new SearchDocument(id, text, keywords, location, tags, timestampMillis);
    }

    /**
     * Returns a copy with this timestamp.
     *
     * @param epochMillis epoch millis
     * @return the new document
     */
    public SearchDocument withTimestamp(long epochMillis) {
        return new SearchDocument(id, text, keywords, location, interests, epochMillis);
    }
}
