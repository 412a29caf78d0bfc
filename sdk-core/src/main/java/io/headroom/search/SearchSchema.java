package io.headroom.search;

import io.headroom.internal.Arguments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a search index, declared once: text fields with per-field boosts (a name over a bio), keyword
 * fields (multi-valued), number and date fields, at most one geo point, and which fields sort and facet. Every
 * document is validated against it before it is written ({@link #validate(SearchDocument)}) and every query before
 * it runs ({@link #validate(SearchQuery)}), so an unknown field or a wrong type fails before any I/O.
 *
 * <pre>{@code
 * SearchSchema people = SearchSchema.builder()
 *         .text("name", 3).text("bio", 1)
 *         .keyword("city", FieldOption.FACETABLE, FieldOption.SORTABLE)
 *         .keyword("interests", FieldOption.FACETABLE)
 *         .number("age", FieldOption.SORTABLE)
 *         .date("lastActive", FieldOption.SORTABLE)
 *         .geoPoint("home")
 *         .build();
 * }</pre>
 *
 * <p>The exact semantics of every field type are in {@code docs/search-query-language.md}. Immutable and
 * thread-safe; equal when the fields (in order) are equal.
 */
public final class SearchSchema {

    /** The longest keyword value, in UTF-8 bytes (Lucene's term limit; OpenSearch's keyword limit is higher). */
    public static final int MAX_KEYWORD_BYTES = 32_766;
    /** The longest text value, in characters. */
    public static final int MAX_TEXT_LENGTH = 65_536;
    /** The earliest date a date field holds: 0001-01-01T00:00:00Z. */
    public static final Instant MIN_DATE = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest date a date field holds: 9999-12-31T23:59:59.999Z. */
    public static final Instant MAX_DATE = Instant.parse("9999-12-31T23:59:59.999Z");

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final Map<String, SchemaField> fields;

    private SearchSchema(Map<String, SchemaField> fields) {
        this.fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Starts a schema.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default schema: one text field {@code "text"} with boost 1.
     *
     * @return the default schema
     */
    public static SearchSchema ofDefaults() {
        return builder().text("text", 1).build();
    }

    /**
     * Every field, in declaration order.
     *
     * @return unmodifiable map of name to field
     */
    public Map<String, SchemaField> fields() {
        return fields;
    }

    /**
     * One field.
     *
     * @param name the field name
     * @return the field, or empty when the schema has none of that name
     */
    public Optional<SchemaField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * The text fields, in declaration order.
     *
     * @return unmodifiable list
     */
    public List<SchemaField> textFields() {
        return fields.values().stream().filter(f -> f.type() == FieldType.TEXT).toList();
    }

    /**
     * The field of a name, required to be of one of the given types.
     *
     * @param name the field name
     * @param what the argument, for the message (e.g. {@code "filter anyOf"})
     * @param types the allowed types
     * @return the field
     * @throws IllegalArgumentException when the schema has no such field or it has another type
     */
    public SchemaField require(String name, String what, FieldType... types) {
        SchemaField f = fields.get(name);
        if (f == null) {
            throw new IllegalArgumentException(what + ": unknown field '" + name + "' (schema fields: "
                    + fields.keySet() + ")");
        }
        if (!Arrays.asList(types).contains(f.type())) {
            throw new IllegalArgumentException(what + ": field '" + name + "' is " + f.type() + ", must be "
                    + (types.length == 1 ? types[0] : Arrays.toString(types)));
        }
        return f;
    }

    /**
     * Checks a document against the schema: every field it sets is declared with that type, keyword values are
     * non-empty and at most {@value #MAX_KEYWORD_BYTES} UTF-8 bytes, texts at most {@value #MAX_TEXT_LENGTH}
     * characters, dates within [{@link #MIN_DATE}, {@link #MAX_DATE}]. Fields the document leaves out are missing
     * (every field is optional). Does no I/O.
     *
     * @param document the document
     * @return the document
     * @throws IllegalArgumentException naming the field and the rule when it breaks one
     */
    public SearchDocument validate(SearchDocument document) {
        Arguments.notNull(document, "document");
        String doc = "document '" + document.id() + "'";
        document.text().forEach((name, value) -> {
            require(name, doc + " text", FieldType.TEXT);
            if (value.length() > MAX_TEXT_LENGTH) {
                throw new IllegalArgumentException(doc + " text '" + name + "' must be at most " + MAX_TEXT_LENGTH
                        + " characters, was " + value.length());
            }
        });
        document.keywords().forEach((name, values) -> {
            require(name, doc + " keyword", FieldType.KEYWORD);
            values.forEach(v -> keywordValue(v, doc + " keyword '" + name + "'"));
        });
        document.numbers().keySet().forEach(name -> require(name, doc + " number", FieldType.NUMBER));
        document.dates().forEach((name, value) -> {
            require(name, doc + " date", FieldType.DATE);
            date(value, doc + " date '" + name + "'");
        });
        document.geoPoints().keySet().forEach(name -> require(name, doc + " geo point", FieldType.GEO_POINT));
        return document;
    }

    /**
     * Checks a query against the schema: every field it names exists with a type and options that fit its use
     * (text needs a text field, keyword filters and shared interests keyword fields, ranges number or date fields,
     * geo filters, decays and distance sort the geo field, recency a date field, field sort a sortable field,
     * facets facetable keyword fields). Does no I/O.
     *
     * @param query the query
     * @return the query
     * @throws IllegalArgumentException naming the field and the rule when it breaks one
     */
    public SearchQuery validate(SearchQuery query) {
        Arguments.notNull(query, "query");
        if (query.text() != null && textFields().isEmpty()) {
            throw new IllegalArgumentException("text: the schema has no text field");
        }
        for (SearchFilter f : query.filters()) {
            validate(f);
        }
        Ranking r = query.ranking();
        for (Ranking.SharedInterests s : r.sharedInterests()) {
            require(s.field(), "ranking sharedInterests", FieldType.KEYWORD);
        }
        Ranking.DistanceDecay d = r.distance();
        if (d != null) {
            require(d.field(), "ranking distance", FieldType.GEO_POINT);
        }
        Ranking.RecencyDecay rec = r.recency();
        if (rec != null) {
            require(rec.field(), "ranking recency", FieldType.DATE);
        }
        SearchSort sort = query.sort();
        if (sort instanceof SearchSort.ByField s) {
            SchemaField f = require(s.field(), "sort", FieldType.KEYWORD, FieldType.NUMBER, FieldType.DATE);
            if (!f.sortable()) {
                throw new IllegalArgumentException("sort: field '" + s.field() + "' is not SORTABLE in the schema");
            }
        } else if (sort instanceof SearchSort.ByDistance s) {
            require(s.field(), "sort byDistance", FieldType.GEO_POINT);
        }
        for (String facet : query.facets()) {
            SchemaField f = require(facet, "facets", FieldType.KEYWORD);
            if (!f.facetable()) {
                throw new IllegalArgumentException("facets: field '" + facet + "' is not FACETABLE in the schema");
            }
        }
        return query;
    }

    private void validate(SearchFilter filter) {
        if (filter instanceof SearchFilter.Keywords k) {
            require(k.field(), "filter " + k.mode(), FieldType.KEYWORD);
            k.values().forEach(v -> keywordValue(v, "filter " + k.mode() + " '" + k.field() + "'"));
        } else if (filter instanceof SearchFilter.NumberRange n) {
            require(n.field(), "filter numberRange", FieldType.NUMBER);
        } else if (filter instanceof SearchFilter.DateRange dr) {
            require(dr.field(), "filter dateRange", FieldType.DATE);
        } else if (filter instanceof SearchFilter.GeoDistance g) {
            require(g.field(), "filter geoDistance", FieldType.GEO_POINT);
        } else if (filter instanceof SearchFilter.All a) {
            a.filters().forEach(this::validate);
        } else if (filter instanceof SearchFilter.Any a) {
            a.filters().forEach(this::validate);
        } else if (filter instanceof SearchFilter.Not n) {
            validate(n.filter());
        }
    }

    static String keywordValue(@Nullable String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " values must not be null or empty");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEYWORD_BYTES) {
            throw new IllegalArgumentException(what + " values must be at most " + MAX_KEYWORD_BYTES
                    + " UTF-8 bytes, was " + bytes);
        }
        return value;
    }

    static Instant date(@Nullable Instant value, String what) {
        if (value == null || value.isBefore(MIN_DATE) || value.isAfter(MAX_DATE)) {
            throw new IllegalArgumentException(what + " must be between " + MIN_DATE + " and " + MAX_DATE
                    + ", was " + value);
        }
        return value;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SearchSchema s && new ArrayList<>(s.fields.values()).equals(new ArrayList<>(fields.values()));
    }

    @Override
    public int hashCode() {
        return new ArrayList<>(fields.values()).hashCode();
    }

    @Override
    public String toString() {
        return "SearchSchema" + fields.values();
    }

    /** Builds a {@link SearchSchema}; {@link #build()} validates and copies. Not thread-safe. */
    public static final class Builder {
        private final Map<String, SchemaField> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Declares a text field.
         *
         * @param name the field name
         * @param boost the weight of a match in this field, positive and finite (e.g. 3 for a name, 1 for a bio)
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid or taken, or the boost not positive
         */
        public Builder text(String name, float boost) {
            if (!(boost > 0) || Float.isInfinite(boost)) {
                throw new IllegalArgumentException("boost of text field '" + name + "' must be positive and finite,"
                        + " was " + boost);
            }
            return add(name, FieldType.TEXT, boost, new FieldOption[0]);
        }

        /**
         * Declares a keyword field (a set of exact values per document).
         *
         * @param name the field name
         * @param options {@link FieldOption#SORTABLE}, {@link FieldOption#FACETABLE}
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid or taken
         */
        public Builder keyword(String name, FieldOption... options) {
            return add(name, FieldType.KEYWORD, 1, options);
        }

        /**
         * Declares a number field (one {@code long} per document).
         *
         * @param name the field name
         * @param options {@link FieldOption#SORTABLE}
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid or taken, or an option does not apply
         */
        public Builder number(String name, FieldOption... options) {
            return add(name, FieldType.NUMBER, 1, options);
        }

        /**
         * Declares a date field (one instant per document, millisecond precision).
         *
         * @param name the field name
         * @param options {@link FieldOption#SORTABLE}
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid or taken, or an option does not apply
         */
        public Builder date(String name, FieldOption... options) {
            return add(name, FieldType.DATE, 1, options);
        }

        /**
         * Declares the geo point field; a schema has at most one.
         *
         * @param name the field name
         * @return this builder
         * @throws IllegalArgumentException when the name is invalid or taken, or a geo point is already declared
         */
        public Builder geoPoint(String name) {
            if (fields.values().stream().anyMatch(f -> f.type() == FieldType.GEO_POINT)) {
                throw new IllegalArgumentException("geoPoint '" + name + "': a schema has at most one geo point");
            }
            return add(name, FieldType.GEO_POINT, 1, new FieldOption[0]);
        }

        private Builder add(String name, FieldType type, float boost, FieldOption[] options) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("field name must be 1 to 64 characters of [A-Za-z0-9_] starting"
                        + " with a letter, was " + (name == null ? "null" : "'" + name + "'"));
            }
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("field '" + name + "' is declared twice");
            }
            Set<FieldOption> set = EnumSet.noneOf(FieldOption.class);
            for (FieldOption o : Arguments.notNull(options, "options")) {
                set.add(Arguments.notNull(o, "option"));
            }
            if (set.contains(FieldOption.FACETABLE) && type != FieldType.KEYWORD) {
                throw new IllegalArgumentException("field '" + name + "': only keyword fields are FACETABLE");
            }
            fields.put(name, new SchemaField(name, type, boost, set));
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the schema
         * @throws IllegalArgumentException when no field is declared
         */
        public SearchSchema build() {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("a schema needs at least one field");
            }
            return new SearchSchema(fields);
        }
    }
}
