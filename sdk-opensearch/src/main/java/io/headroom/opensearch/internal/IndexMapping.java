package io.headroom.opensearch.internal;

import io.headroom.search.GeoPoint;
import io.headroom.search.SchemaField;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;
import org.opensearch.client.opensearch.indices.IndexSettings;

/**
 * The OpenSearch shape of a {@link SearchSchema} (docs/search-query-language.md): every schema field under the
 * object {@value #FIELDS} ({@code f.name}), text analysed by {@value #ANALYZER} (the {@code standard} tokenizer with
 * tokens of at most 255 characters, {@code lowercase}, {@code asciifolding}: Lucene's StandardTokenizer,
 * LowerCaseFilter and ASCIIFoldingFilter, as the embedded index), keywords as {@code keyword}, numbers as
 * {@code long}, dates as {@code date} in epoch millis, the geo point as {@code geo_point}; the document id in
 * {@value #ID} (a keyword with doc values, for the id tie-break). Mappings are strict: a field the schema does not
 * declare is refused by the schema before any I/O, and by OpenSearch if it gets there.
 */
public final class IndexMapping {

    /** The id field. */
    public static final String ID = "hid";
    /** The object holding the schema's fields. */
    public static final String FIELDS = "f";
    /** The text analyzer's name. */
    public static final String ANALYZER = "headroom_text";
    private static final String TOKENIZER = "headroom_standard";

    private IndexMapping() {
    }

    /**
     * The path of a schema field.
     *
     * @param field the schema field's name
     * @return {@code f.<field>}
     */
    public static String path(String field) {
        return FIELDS + "." + field;
    }

    /**
     * The settings of a new index: shards, replicas and the text analyzer.
     *
     * @param shards primary shards
     * @param replicas replicas per shard
     * @return the settings
     */
    public static IndexSettings settings(int shards, int replicas) {
        return IndexSettings.of(s -> s.numberOfShards(Integer.toString(shards))
                .numberOfReplicas(Integer.toString(replicas))
                .analysis(a -> a
                        .tokenizer(TOKENIZER, t -> t.definition(d -> d.standard(st -> st.maxTokenLength(255))))
                        .analyzer(ANALYZER, an -> an.custom(c -> c.tokenizer(TOKENIZER)
                                .filter("lowercase", "asciifolding")))));
    }

    /**
     * The mapping of a schema.
     *
     * @param schema the schema
     * @return the mapping
     */
    public static TypeMapping mapping(SearchSchema schema) {
        Map<String, Property> fields = new HashMap<>();
        for (SchemaField f : schema.fields().values()) {
            fields.put(f.name(), property(f));
        }
        return TypeMapping.of(m -> m.dynamic(DynamicMapping.Strict)
                .properties(ID, p -> p.keyword(k -> k))
                .properties(FIELDS, p -> p.object(o -> o.properties(fields))));
    }

    private static Property property(SchemaField f) {
        return switch (f.type()) {
            case TEXT -> Property.of(p -> p.text(t -> t.analyzer(ANALYZER)));
            case KEYWORD -> Property.of(p -> p.keyword(k -> k));
            case NUMBER -> Property.of(p -> p.long_(l -> l));
            case DATE -> Property.of(p -> p.date(d -> d.format("epoch_millis")));
            case GEO_POINT -> Property.of(p -> p.geoPoint(g -> g));
        };
    }

    /**
     * The JSON body of a document (already validated against the schema).
     *
     * @param d the document
     * @return the body, for Jackson
     */
    public static Map<String, Object> body(SearchDocument d) {
        Map<String, Object> f = new HashMap<>();
        f.putAll(d.text());
        for (Map.Entry<String, Set<String>> e : d.keywords().entrySet()) {
            f.put(e.getKey(), new ArrayList<>(e.getValue()));
        }
        f.putAll(d.numbers());
        for (Map.Entry<String, Instant> e : d.dates().entrySet()) {
            f.put(e.getKey(), e.getValue().toEpochMilli());
        }
        for (Map.Entry<String, GeoPoint> e : d.geoPoints().entrySet()) {
            f.put(e.getKey(), Map.of("lat", e.getValue().lat(), "lon", e.getValue().lon()));
        }
        Map<String, Object> body = new HashMap<>();
        body.put(ID, d.id());
        body.put(FIELDS, f);
        return body;
    }
}
