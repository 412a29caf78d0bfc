package io.headroom.search;

/** What a {@link SearchSchema} field supports beyond matching and filtering, declared once in the schema. */
public enum FieldOption {
    /** The field may be named by {@link SearchSort#byField(String, boolean)} (keyword, number and date fields). */
    SORTABLE,
    /** The field may be named by {@link SearchQuery.Builder#facets(String...)} (keyword fields). */
    FACETABLE
}
