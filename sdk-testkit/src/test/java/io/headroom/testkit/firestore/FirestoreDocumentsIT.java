package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Documents through the real client: set/create/update/delete, preconditions, masks, nested maps, batches. */
@WithFirestore
class FirestoreDocumentsIT {

    static StatusCode.Code codeOf(Throwable e) {
        Throwable t = e instanceof ExecutionException ? e.getCause() : e;
        while (t != null && !(t instanceof ApiException)) {
            t = t.getCause();
        }
        assertThat(t).as("an ApiException in " + e).isNotNull();
        return ((ApiException) t).getStatusCode().getCode();
    }

    @Test
    void setThenGetRoundTripsEveryValueType(Firestore db) throws Exception {
        DocumentReference ref = db.collection("users").document("ada");
        Map<String, Object> data = Map.of(
                "name", "Ada", "age", 36L, "score", 1.5, "admin", true,
                "tags", List.of("math", "engines"),
                "address", Map.of("city", "London", "geo", Map.of("lat", 51.5)),
                "nothing", Map.of());
        WriteResult wr = ref.set(data).get();
        DocumentSnapshot snap = ref.get().get();
        assertThat(snap.exists()).isTrue();
        assertThat(snap.getData()).isEqualTo(data);
        assertThat(snap.getUpdateTime()).isEqualTo(wr.getUpdateTime());
        assertThat(snap.getCreateTime()).isEqualTo(wr.getUpdateTime());
        assertThat(snap.getReadTime()).isNotNull();
    }

    @Test
    void missingDocumentIsReportedAsMissing(Firestore db) throws Exception {
        DocumentSnapshot snap = db.collection("users").document("nobody").get().get();
        assertThat(snap.exists()).isFalse();
        assertThat(snap.getReadTime()).isNotNull();
    }

    @Test
    void createFailsWhenTheDocumentExists(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        ref.create(Map.of("a", 1L)).get();
        assertThatThrownBy(() -> ref.create(Map.of("a", 2L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ALREADY_EXISTS));
        assertThat(ref.get().get().getLong("a")).isEqualTo(1L);
    }

    @Test
    void updateFailsWhenTheDocumentIsMissingAndMergesNestedFieldsOtherwise(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        assertThatThrownBy(() -> ref.update("a", 1L).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.NOT_FOUND));
        ref.set(Map.of("a", 1L, "m", Map.of("x", 1L, "y", 2L), "keep", "yes")).get();
        ref.update("m.x", 10L, "b", "new").get();
        ref.update(FieldPath.of("odd.key"), "dotted").get();
        ref.update("keep", FieldValue.delete()).get();
        Map<String, Object> data = ref.get().get().getData();
        assertThat(data).containsEntry("a", 1L).containsEntry("b", "new")
                .containsEntry("m", Map.of("x", 10L, "y", 2L)).containsEntry("odd.key", "dotted")
                .doesNotContainKey("keep");
        assertThat(ref.get().get().get(FieldPath.of("odd.key"))).isEqualTo("dotted");
    }

    @Test
    void setReplacesWhileSetMergeAndMergeFieldsUseAFieldMask(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        ref.set(Map.of("a", 1L, "b", 2L, "m", Map.of("x", 1L, "y", 1L))).get();
        ref.set(Map.of("m", Map.of("x", 5L)), SetOptions.merge()).get();
        assertThat(ref.get().get().getData()).isEqualTo(Map.of("a", 1L, "b", 2L, "m", Map.of("x", 5L, "y", 1L)));
        ref.set(Map.of("a", 100L, "b", 200L), SetOptions.mergeFields("b")).get();
        assertThat(ref.get().get().getData()).isEqualTo(Map.of("a", 1L, "b", 200L, "m", Map.of("x", 5L, "y", 1L)));
        ref.set(Map.of("only", true)).get();
        assertThat(ref.get().get().getData()).isEqualTo(Map.of("only", true));
        // set-merge creates a missing document
        DocumentReference other = db.collection("c").document("e");
        other.set(Map.of("z", 1L), SetOptions.merge()).get();
        assertThat(other.get().get().getData()).isEqualTo(Map.of("z", 1L));
    }

    @Test
    void deleteRemovesAndHonoursPreconditions(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        ref.delete().get(); // deleting a missing document succeeds
        WriteResult created = ref.set(Map.of("a", 1L)).get();
        WriteResult updated = ref.set(Map.of("a", 2L)).get();
        assertThat(updated.getUpdateTime()).isGreaterThan(created.getUpdateTime());
        assertThatThrownBy(() -> ref.delete(Precondition.updatedAt(created.getUpdateTime())).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.FAILED_PRECONDITION));
        ref.delete(Precondition.updatedAt(updated.getUpdateTime())).get();
        assertThat(ref.get().get().exists()).isFalse();
        assertThatThrownBy(() -> ref.delete(Precondition.updatedAt(updated.getUpdateTime())).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.FAILED_PRECONDITION));
    }

    @Test
    void updateWithUpdateTimePreconditionActsAsCompareAndSet(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        Timestamp t1 = ref.set(Map.of("v", 1L)).get().getUpdateTime();
        ref.update(Map.of("v", 2L), Precondition.updatedAt(t1)).get();
        assertThatThrownBy(() -> ref.update(Map.of("v", 3L), Precondition.updatedAt(t1)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.FAILED_PRECONDITION));
        assertThat(ref.get().get().getLong("v")).isEqualTo(2L);
    }

    @Test
    void aWriteThatChangesNothingKeepsTheUpdateTime(Firestore db) throws Exception {
        DocumentReference ref = db.collection("c").document("d");
        Timestamp t1 = ref.set(Map.of("v", 1L)).get().getUpdateTime();
        Timestamp t2 = ref.set(Map.of("v", 1L)).get().getUpdateTime();
        assertThat(t2).isEqualTo(t1);
        assertThat(ref.get().get().getUpdateTime()).isEqualTo(t1);
    }

    @Test
    void batchedWritesAreAtomic(Firestore db) throws Exception {
        DocumentReference a = db.collection("c").document("a");
        DocumentReference b = db.collection("c").document("b");
        DocumentReference c = db.collection("c").document("c");
        c.set(Map.of("v", 0L)).get();
        WriteBatch ok = db.batch();
        ok.set(a, Map.of("v", 1L)).set(b, Map.of("v", 1L)).update(c, "v", 1L);
        List<WriteResult> results = ok.commit().get();
        assertThat(results).hasSize(3);
        assertThat(results.get(0).getUpdateTime()).isEqualTo(results.get(2).getUpdateTime());

        WriteBatch failing = db.batch();
        failing.set(a, Map.of("v", 2L)).delete(c).create(b, Map.of("v", 2L)); // create fails: b exists
        assertThatThrownBy(() -> failing.commit().get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ALREADY_EXISTS));
        assertThat(a.get().get().getLong("v")).isEqualTo(1L);
        assertThat(c.get().get().exists()).isTrue();
    }

    @Test
    void getAllReportsFoundAndMissingInOrder(Firestore db) throws Exception {
        DocumentReference a = db.collection("c").document("a");
        DocumentReference b = db.collection("c").document("b");
        DocumentReference nested = db.collection("c").document("a").collection("sub").document("x");
        a.set(Map.of("v", 1L)).get();
        nested.set(Map.of("v", 3L)).get();
        List<DocumentSnapshot> snaps = db.getAll(b, a, nested).get();
        assertThat(snaps).extracting(DocumentSnapshot::getId).containsExactly("b", "a", "x");
        assertThat(snaps).extracting(DocumentSnapshot::exists).containsExactly(false, true, true);
        assertThat(snaps.get(2).getLong("v")).isEqualTo(3L);
    }
}
