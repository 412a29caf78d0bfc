package io.headroom.firestore;

import io.headroom.internal.Arguments;
import java.util.List;

/**
 * A composite index a paged Firestore query needs: the collection and the ordered fields with their directions,
 * printable as an entry of {@code firestore.indexes.json}. Immutable.
 *
 * @param collectionGroup the collection id
 * @param fields the indexed fields, in order: equality-filtered fields first, then the sort keys
 */
public record FirestoreIndex(String collectionGroup, List<Field> fields) {

    /**
     * One indexed field.
     *
     * @param fieldPath the field
     * @param order {@code "ASCENDING"} or {@code "DESCENDING"}
     */
    public record Field(String fieldPath, String order) {
        /**
         * Validates the field.
         *
         * @param fieldPath the field
         * @param order {@code "ASCENDING"} or {@code "DESCENDING"}
         * @throws IllegalArgumentException when an argument is {@code null}
         */
        public Field {
            Arguments.notNull(fieldPath, "fieldPath");
            Arguments.notNull(order, "order");
        }
    }

    /**
     * Copies the fields.
     *
     * @param collectionGroup the collection group
     * @param fields the indexed fields, in order
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public FirestoreIndex {
        Arguments.notNull(collectionGroup, "collectionGroup");
        fields = List.copyOf(Arguments.notNull(fields, "fields"));
    }

    /**
     * This index as one entry of the {@code indexes} array of {@code firestore.indexes.json}.
     *
     * @return the JSON object
     */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\"collectionGroup\": ").append(quote(collectionGroup))
                .append(", \"queryScope\": \"COLLECTION\", \"fields\": [");
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            b.append(i == 0 ? "" : ", ").append("{\"fieldPath\": ").append(quote(f.fieldPath()))
                    .append(", \"order\": \"").append(f.order()).append("\"}");
        }
        return b.append("]}").toString();
    }

    /**
     * A whole {@code firestore.indexes.json} holding these indexes.
     *
     * @param indexes the indexes (duplicates are written once)
     * @return the file's content
     */
    public static String indexesJson(List<FirestoreIndex> indexes) {
        StringBuilder b = new StringBuilder("{\n  \"indexes\": [");
        List<FirestoreIndex> distinct = indexes.stream().distinct().toList();
        for (int i = 0; i < distinct.size(); i++) {
            b.append(i == 0 ? "\n    " : ",\n    ").append(distinct.get(i).toJson());
        }
        return b.append(distinct.isEmpty() ? "" : "\n  ").append("],\n  \"fieldOverrides\": []\n}\n").toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(collectionGroup).append(" (");
        for (int i = 0; i < fields.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(fields.get(i).fieldPath()).append(' ').append(fields.get(i).order());
        }
        return b.append(')').toString();
    }
}
