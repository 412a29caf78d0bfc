package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.Value;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Ordered single-field indexes per collection, like the service's automatic ones: for a field (or the key), every
 * document that has it, sorted by (value in Firestore's order, document id). A query over one collection whose
 * effective order is one field (or only the key) plus the key tie-breaker in the same direction walks the index
 * from its start cursor and stops at its limit, instead of filtering and sorting the whole collection per call.
 * Built on first use, then kept up to date by every write. Not thread-safe: guarded by the database lock.
 */
final class OrderedIndexes {

    /** An index entry's key; {@code bias} -1 / +1 makes a probe sort before / after every entry with its value. */
    private record Key(Value value, String id, int bias) {
    }

    private static int compare(Key a, Key b) {
        int c = Values.compare(a.value(), b.value());
        if (c != 0) {
            return c;
        }
        if (a.bias() != 0 || b.bias() != 0) {
            return Integer.compare(a.bias(), b.bias());
        }
        return Values.compareStrings(a.id(), b.id());
    }

    // collection path -> field -> index
    private final HashMap<String, HashMap<FieldPath, TreeMap<Key, Document>>> indexes = new HashMap<>();

    /**
     * Keeps the collection's indexes in step with a write.
     *
     * @param coll the collection path
     * @param id the document id
     * @param before the document before the write, or {@code null}
     * @param after the document after it, or {@code null} when deleted
     */
    void update(String coll, String id, @Nullable Document before, @Nullable Document after) {
        HashMap<FieldPath, TreeMap<Key, Document>> byField = indexes.get(coll);
        if (byField == null) {
            return;
        }
        for (Map.Entry<FieldPath, TreeMap<Key, Document>> e : byField.entrySet()) {
            if (before != null) {
                Value v = valueOf(before, e.getKey());
                if (v != null) {
                    e.getValue().remove(new Key(v, id, 0));
                }
            }
            if (after != null) {
                Value v = valueOf(after, e.getKey());
                if (v != null) {
                    e.getValue().put(new Key(v, id, 0), after);
                }
            }
        }
    }

    /** Forgets every index (they are rebuilt on use). */
    void clear() {
        indexes.clear();
    }

    /**
     * The documents of a collection in a query's effective order, starting near its start cursor, when an index
     * serves the query; otherwise {@code null}.
     *
     * @param coll the collection path
     * @param docs the collection's documents (to build the index on first use)
     * @param query the query
     * @param orders its effective orders
     * @return the documents in order (cursors, filters, offset and limit still to apply), or {@code null}
     */
    @Nullable Iterable<Document> ordered(String coll, @Nullable Map<String, Document> docs, StructuredQuery query,
            List<QueryEngine.Order> orders) {
        QueryEngine.Order first = orders.get(0);
        if (orders.size() > 2 || orders.size() == 2 && !(orders.get(1).field().isKey() && !first.field().isKey()
                && orders.get(1).descending() == first.descending())) {
            return null;
        }
        if (docs == null) {
            return List.of();
        }
        TreeMap<Key, Document> idx = indexes.computeIfAbsent(coll, k -> new HashMap<>())
                .computeIfAbsent(first.field(), f -> build(coll, docs, f));
        NavigableMap<Key, Document> view = idx;
        Cursor start = query.hasStartAt() ? query.getStartAt() : null;
        if (start != null && start.getValuesCount() > 0) {
            Value v0 = start.getValues(0);
            // from the first entry with the cursor's first value (the query's own cursor check skips the rest)
            view = first.descending() ? idx.headMap(new Key(v0, "", 1), true) : idx.tailMap(new Key(v0, "", -1), true);
        }
        return first.descending() ? view.descendingMap().values() : view.values();
    }

    private static TreeMap<Key, Document> build(String coll, Map<String, Document> docs, FieldPath field) {
        TreeMap<Key, Document> idx = new TreeMap<>(OrderedIndexes::compare);
        for (Map.Entry<String, Document> e : docs.entrySet()) {
            Value v = valueOf(e.getValue(), field);
            if (v != null) {
                idx.put(new Key(v, e.getKey(), 0), e.getValue());
            }
        }
        return idx;
    }

    private static @Nullable Value valueOf(Document d, FieldPath f) {
        return f.isKey() ? Values.reference(d.getName()) : f.get(d.getFieldsMap());
    }
}
