package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteResult;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BatchWrite (BulkWriter) and recursive deletes through the real client. */
@WithFirestore
class FirestoreBulkWriterIT {

    @Test
    void bulkWriterAppliesEachWriteOnItsOwn(Firestore db, FirestoreEmulator emulator) throws Exception {
        CollectionReference c = db.collection("bulk");
        c.document("taken").set(Map.of("v", 0L)).get();
        FirestoreUsage t0 = emulator.usage(db);
        List<ApiFuture<WriteResult>> ok = new ArrayList<>();
        ApiFuture<WriteResult> failing;
        try (BulkWriter writer = db.bulkWriter()) {
            for (int i = 0; i < 120; i++) {
                ok.add(writer.set(c.document("d" + i), Map.of("i", (long) i)));
            }
            failing = writer.create(c.document("taken"), Map.of("v", 1L));
        }
        for (ApiFuture<WriteResult> f : ok) {
            assertThat(f.get().getUpdateTime()).isNotNull();
        }
        assertThatThrownBy(failing::get).cause().isInstanceOfSatisfying(com.google.cloud.firestore.BulkWriterException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS));
        assertThat(c.count().get().get().getCount()).isEqualTo(121L);
        assertThat(emulator.usage(db).minus(t0).writes()).isEqualTo(120);
    }

    @Test
    void recursiveDeleteRemovesSubcollections(Firestore db) throws Exception {
        db.collection("tree").document("a").set(Map.of("v", 1L)).get();
        db.collection("tree").document("a").collection("kids").document("k").set(Map.of("v", 2L)).get();
        db.recursiveDelete(db.collection("tree")).get();
        assertThat(db.collectionGroup("kids").get().get().isEmpty()).isTrue();
        assertThat(db.collection("tree").get().get().isEmpty()).isTrue();
    }
}
