package io.headroom.search;

import java.util.Set;

/**
 * One field of a {@link SearchSchema}. Immutable.
 *
 * @param name the field name: 1 to 64 characters of {@code [A-Za-z0-9_]} starting with a letter
 * @param type what the field holds
 * @param boost the weight of a text match in this field (text fields; 1 for the others), positive and finite
 * @param options what the field supports beyond matching and filtering
 */
public record SchemaField(String name, FieldType type, float boost, Set<FieldOption> options) {

    /**
     * Copies the options; validation is {@link SearchSchema.Builder}'s.
     *
     * @param name the field name
     * @param type what the field holds
     * @param boost the text weight
     * @param options the options
     */
    public SchemaField {
        options = Set.copyOf(options);
    }

    /**
     * Whether the field may be sorted on.
     *
     * @return true when declared {@link FieldOption#SORTABLE}
     */
    public boolean sortable() {
        return options.contains(FieldOption.SORTABLE);
    }

    /**
     * Whether the field may be faceted.
     *
     * @return true when declared {@link FieldOption#FACETABLE}
     */
    public boolean facetable() {
        return options.contains(FieldOption.FACETABLE);
    }
}
