package io.headroom.opensearch.internal;

import io.headroom.search.GeoPoint;
import io.headroom.search.SearchDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.opensearch._types.mapping.DynamicTemplate;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;

/**
 * The OpenSearch mapping of a {@link SearchDocument}, the same schema as the embedded Lucene index: every text field
 * analysed into one field with the standard analyzer, keywords and interests as exact terms, the location as a
 * geo point, the timestamp as a date in epoch millis, and the id as a keyword for the tie-break sort.
 */
public final class DocumentFields {

    /** The id, a keyword with doc values (sorting on {@code _id} needs field data). */
    public static final String ID = "h_id";
    /** Every text field, analysed. */
    public static final String TEXT = "h_text";
    /** The location. */
    public static final String LOC = "h_loc";
    /** The timestamp, epoch millis. */
    public static final String TS = "h_ts";
    /** The interest tags. */
    public static final String INTEREST = "h_interest";
    /** The object holding keyword fields by their own names. */
    public static final String KW = "kw";

    /** The properties a conforming index must have, with their types. */
    static final Map<String, Property.Kind> REQUIRED = Map.of(ID, Property.Kind.Keyword, TEXT, Property.Kind.Text,
            LOC, Property.Kind.GeoPoint, TS, Property.Kind.Date, INTEREST, Property.Kind.Keyword);

    private DocumentFields() {
    }

    /**
     * The mapping an index is created with.
     *
     * @return the mapping
     */
    public static TypeMapping mapping() {
        return TypeMapping.of(m -> m
                .dynamicTemplates(List.of(Map.of("keywords", DynamicTemplate.of(t -> t.pathMatch(KW + ".*")
                        // strings only: a field name with dots makes objects on the way, which stay objects
                        .matchMappingType("string").mapping(p -> p.keyword(k -> k))))))
                .properties(ID, p -> p.keyword(k -> k))
                .properties(TEXT, p -> p.text(t -> t.analyzer("standard")))
                .properties(LOC, p -> p.geoPoint(g -> g))
                .properties(TS, p -> p.date(d -> d.format("epoch_millis")))
                .properties(INTEREST, p -> p.keyword(k -> k))
                .properties(KW, p -> p.object(o -> o)));
    }

    /**
     * Every required property a mapping lacks or types differently, described, or {@code null} when it fits.
     *
     * @param properties the index's top-level properties
     * @return the conflicts, or {@code null}
     */
    public static @org.jspecify.annotations.Nullable String conflict(Map<String, Property> properties) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Property.Kind> e : new java.util.TreeMap<>(REQUIRED).entrySet()) {
            Property p = properties.get(e.getKey());
            if (p == null) {
                problems.add("field '" + e.getKey() + "' is missing");
            } else if (p._kind() != e.getValue()) {
                problems.add("field '" + e.getKey() + "' is " + p._kind().jsonValue() + ", must be "
                        + e.getValue().jsonValue());
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** The longest term Lucene (under OpenSearch) indexes, in UTF-8 bytes. */
    static final int MAX_TERM_BYTES = 32_766;

    // OpenSearch refuses a longer keyword when it applies the write; refuse it here, before any I/O, like Lucene's index
    private static void term(String value, String argument) {
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_TERM_BYTES) {
            throw new IllegalArgumentException(argument + " values must be at most " + MAX_TERM_BYTES
                    + " UTF-8 bytes, was " + bytes);
        }
    }

    /**
     * The JSON body of a document.
     *
     * @param d the document
     * @return the body, for Jackson
     * @throws IllegalArgumentException when a keyword or interest is longer than OpenSearch indexes
     */
    public static Map<String, Object> body(SearchDocument d) {
        Map<String, Object> body = new HashMap<>();
        body.put(ID, d.id());
        if (!d.text().isEmpty()) {
            body.put(TEXT, new ArrayList<>(d.text().values()));
        }
        if (!d.keywords().isEmpty()) {
            Map<String, Object> kw = new HashMap<>();
            for (Map.Entry<String, Set<String>> e : d.keywords().entrySet()) {
                e.getValue().forEach(v -> term(v, "keywords[" + e.getKey() + "]"));
                kw.put(e.getKey(), new ArrayList<>(e.getValue()));
            }
            body.put(KW, kw);
        }
        if (!d.interests().isEmpty()) {
            d.interests().forEach(v -> term(v, "interests"));
            body.put(INTEREST, new ArrayList<>(d.interests()));
        }
        GeoPoint loc = d.location();
        if (loc != null) {
            body.put(LOC, Map.of("lat", loc.lat(), "lon", loc.lon()));
        }
        body.put(TS, d.timestampMillis());
        return body;
    }
}
