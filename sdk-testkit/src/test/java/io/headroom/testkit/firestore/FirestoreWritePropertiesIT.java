package io.headroom.testkit.firestore;

import static io.headroom.testkit.firestore.FirestoreDocumentsIT.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.jspecify.annotations.Nullable;

/**
 * Write semantics through the real client against a map model: random batches of set, set-merge on a nested
 * field, update, create, delete, increment and array-union over three documents. A batch either applies all its
 * writes in order or, when one fails its precondition, none (reporting the first failure's status); afterwards
 * every document reads back exactly as the model says.
 */
class FirestoreWritePropertiesIT {

    private static final Firestore DB = FirestoreEmulator.shared().firestore("write-properties");
    private static final AtomicInteger RUNS = new AtomicInteger();

    enum Kind { SET, MERGE_NESTED, UPDATE, CREATE, DELETE, INCREMENT, ARRAY_UNION }

    record Op(Kind kind, int doc, long value) {
    }

    @AfterContainer
    static void close() throws Exception {
        DB.close();
    }

    @Provide
    Arbitrary<List<List<Op>>> batches() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(-2, 3)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 40)
    void batchesApplyAtomicallyAndInOrder(@ForAll("batches") List<List<Op>> batches) throws Exception {
        CollectionReference c = DB.collection("w" + RUNS.incrementAndGet());
        Map<Integer, Map<String, Object>> model = new HashMap<>();
        for (List<Op> batch : batches) {
            Map<Integer, Map<String, Object>> next = copy(model);
            StatusCode.Code expected = null;
            for (Op op : batch) {
                expected = apply(op, next);
                if (expected != null) {
                    break;
                }
            }
            WriteBatch wb = DB.batch();
            for (Op op : batch) {
                add(wb, c.document("d" + op.doc()), op);
            }
            StatusCode.Code actual = null;
            try {
                wb.commit().get();
            } catch (Exception e) {
                actual = codeOf(e);
            }
            assertThat(actual).as("status of %s with model %s", batch, model).isEqualTo(expected);
            if (expected == null) {
                model = next;
            }
            for (int d = 0; d < 3; d++) {
                DocumentSnapshot s = c.document("d" + d).get().get();
                Map<String, Object> want = model.get(d);
                assertThat(s.exists() ? s.getData() : null).as("d%d after %s", d, batch).isEqualTo(want);
            }
        }
    }

    private static void add(WriteBatch wb, DocumentReference ref, Op op) {
        long v = op.value();
        switch (op.kind()) {
            case SET -> wb.set(ref, Map.of("a", v, "m", Map.of("x", v)));
            case MERGE_NESTED -> wb.set(ref, Map.of("m", Map.of("y", v)), SetOptions.merge());
            case UPDATE -> wb.update(ref, "a", v);
            case CREATE -> wb.create(ref, Map.of("a", v));
            case DELETE -> wb.delete(ref);
            case INCREMENT -> wb.update(ref, "n", FieldValue.increment(v));
            case ARRAY_UNION -> wb.set(ref, Map.of("arr", FieldValue.arrayUnion(v)), SetOptions.merge());
            default -> throw new AssertionError();
        }
    }

    /** Applies the op to the model; returns the status the service answers when it fails, else null. */
    @SuppressWarnings("unchecked")
    private static StatusCode.@Nullable Code apply(Op op, Map<Integer, Map<String, Object>> docs) {
        Map<String, Object> cur = docs.get(op.doc());
        long v = op.value();
        switch (op.kind()) {
            case SET -> docs.put(op.doc(), new LinkedHashMap<>(Map.of("a", v, "m", Map.of("x", v))));
            case MERGE_NESTED -> {
                Map<String, Object> d = cur == null ? new LinkedHashMap<>() : cur;
                Object m = d.get("m");
                Map<String, Object> nm = m instanceof Map ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
                nm.put("y", v);
                d.put("m", nm);
                docs.put(op.doc(), d);
            }
            case UPDATE -> {
                if (cur == null) {
                    return StatusCode.Code.NOT_FOUND;
                }
                cur.put("a", v);
            }
            case CREATE -> {
                if (cur != null) {
                    return StatusCode.Code.ALREADY_EXISTS;
                }
                docs.put(op.doc(), new LinkedHashMap<>(Map.of("a", v)));
            }
            case DELETE -> docs.remove(op.doc());
            case INCREMENT -> {
                if (cur == null) {
                    return StatusCode.Code.NOT_FOUND;
                }
                Object n = cur.get("n");
                cur.put("n", n instanceof Long l ? l + v : v);
            }
            case ARRAY_UNION -> {
                Map<String, Object> d = cur == null ? new LinkedHashMap<>() : cur;
                Object arr = d.get("arr");
                List<Object> na = arr instanceof List ? new ArrayList<>((List<Object>) arr) : new ArrayList<>();
                if (!na.contains(v)) {
                    na.add(v);
                }
                d.put("arr", na);
                docs.put(op.doc(), d);
            }
            default -> throw new AssertionError();
        }
        return null;
    }

    private static Map<Integer, Map<String, Object>> copy(Map<Integer, Map<String, Object>> m) {
        Map<Integer, Map<String, Object>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, deepCopy(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v instanceof Map ? deepCopy((Map<String, Object>) v)
                : v instanceof List ? new ArrayList<>((List<Object>) v) : v));
        return out;
    }
}
