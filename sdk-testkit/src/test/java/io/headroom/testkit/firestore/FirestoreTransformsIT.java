package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteResult;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Field transforms through the real client (and, for maximum/minimum which it lacks, through raw gRPC). */
@WithFirestore
class FirestoreTransformsIT {

    @Test
    void incrementAddsIntegersAndDoublesAndStartsFromTheOperand(Firestore db) throws Exception {
        DocumentReference ref = db.collection("counters").document("c");
        ref.set(Map.of("n", FieldValue.increment(5))).get(); // absent field: set to the operand
        ref.update("n", FieldValue.increment(2)).get();
        assertThat(ref.get().get().get("n")).isEqualTo(7L);
        ref.update("n", FieldValue.increment(0.5)).get();
        assertThat(ref.get().get().get("n")).isEqualTo(7.5);
        ref.update("s", "text").get();
        ref.update("s", FieldValue.increment(3)).get(); // non-numeric field: set to the operand
        assertThat(ref.get().get().get("s")).isEqualTo(3L);
        ref.update("big", Long.MAX_VALUE - 1).get();
        ref.update("big", FieldValue.increment(10)).get(); // integer overflow saturates
        assertThat(ref.get().get().get("big")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void concurrentIncrementsAreNeverLost(Firestore db) throws Exception {
        DocumentReference ref = db.collection("counters").document("c");
        ref.set(Map.of("n", 0L)).get();
        List<com.google.api.core.ApiFuture<WriteResult>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fs.add(ref.update("n", FieldValue.increment(1)));
        }
        for (var f : fs) {
            f.get();
        }
        assertThat(ref.get().get().getLong("n")).isEqualTo(200L);
    }

    @Test
    void serverTimestampIsTheCommitTime(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        WriteResult wr = ref.set(Map.of("at", FieldValue.serverTimestamp(), "nested", Map.of("at", FieldValue.serverTimestamp())))
                .get();
        DocumentSnapshot snap = ref.get().get();
        assertThat(snap.getTimestamp("at")).isEqualTo(wr.getUpdateTime());
        assertThat(snap.getTimestamp("nested.at")).isEqualTo(wr.getUpdateTime());
    }

    @Test
    void arrayUnionAppendsMissingAndArrayRemoveRemovesAll(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        ref.set(Map.of("tags", List.of("a", "b", "a", 1L))).get();
        ref.update("tags", FieldValue.arrayUnion("b", "c", 1.0, 2L)).get(); // 1.0 equals 1 in Firestore
        assertThat(ref.get().get().get("tags")).isEqualTo(List.of("a", "b", "a", 1L, "c", 2L));
        ref.update("tags", FieldValue.arrayRemove("a", 2L)).get();
        assertThat(ref.get().get().get("tags")).isEqualTo(List.of("b", 1L, "c"));
        ref.set(Map.of("fresh", FieldValue.arrayUnion("x")), SetOptions.merge()).get();
        ref.set(Map.of("gone", FieldValue.arrayRemove("x")), SetOptions.merge()).get();
        assertThat(ref.get().get().get("fresh")).isEqualTo(List.of("x"));
        assertThat(ref.get().get().get("gone")).isEqualTo(List.of());
    }

    @Test
    void maximumMinimumAndTransformResultsOverRawGrpc(FirestoreEmulator emulator) throws Exception {
        String doc = "projects/raw-transforms/databases/(default)/documents/c/d";
        try (RawFirestore raw = new RawFirestore(emulator)) {
            Write set = Write.newBuilder().setUpdate(com.google.firestore.v1.Document.newBuilder().setName(doc)
                    .putFields("hi", Value.newBuilder().setIntegerValue(5).build())
                    .putFields("lo", Value.newBuilder().setIntegerValue(5).build())).build();
            raw.commit(CommitRequest.newBuilder().setDatabase("projects/raw-transforms/databases/(default)").addWrites(set).build());
            Write transforms = Write.newBuilder()
                    .setUpdate(com.google.firestore.v1.Document.newBuilder().setName(doc))
                    .setUpdateMask(DocumentMask.getDefaultInstance())
                    .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("hi").setMaximum(Value.newBuilder().setDoubleValue(7.5)))
                    .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("lo").setMinimum(Value.newBuilder().setIntegerValue(9)))
                    .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("new").setMaximum(Value.newBuilder().setIntegerValue(3)))
                    .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("n").setIncrement(Value.newBuilder().setIntegerValue(4)))
                    .addUpdateTransforms(FieldTransform.newBuilder().setFieldPath("arr")
                            .setAppendMissingElements(com.google.firestore.v1.ArrayValue.newBuilder().addValues(Value.newBuilder().setStringValue("x"))))
                    .build();
            CommitResponse r = raw.commit(CommitRequest.newBuilder().setDatabase("projects/raw-transforms/databases/(default)")
                    .addWrites(transforms).build());
            List<Value> results = r.getWriteResults(0).getTransformResultsList();
            assertThat(results).hasSize(5);
            assertThat(results.get(0).getDoubleValue()).isEqualTo(7.5);   // max(5, 7.5): the larger operand's type
            assertThat(results.get(1).getIntegerValue()).isEqualTo(5L);    // min(5, 9) keeps 5
            assertThat(results.get(2).getIntegerValue()).isEqualTo(3L);    // absent field: the operand
            assertThat(results.get(3).getIntegerValue()).isEqualTo(4L);
            assertThat(results.get(4).hasNullValue()).isTrue();            // array transforms report null
            assertThat(r.getWriteResults(0).getUpdateTime()).isEqualTo(r.getCommitTime());
        }
        try (Firestore db = emulator.firestore("raw-transforms")) {
            Map<String, Object> data = db.collection("c").document("d").get().get().getData();
            assertThat(data).containsEntry("hi", 7.5).containsEntry("lo", 5L).containsEntry("new", 3L)
                    .containsEntry("n", 4L).containsEntry("arr", List.of("x"));
        }
    }

    @Test
    void updateTimeAdvancesWithEveryChange(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        Timestamp last = ref.set(Map.of("n", 0L)).get().getUpdateTime();
        for (int i = 0; i < 20; i++) {
            Timestamp t = ref.update("n", FieldValue.increment(1)).get().getUpdateTime();
            assertThat(t).isGreaterThan(last);
            last = t;
        }
        assertThat(ref.get().get().getCreateTime()).isLessThan(last);
    }
}
