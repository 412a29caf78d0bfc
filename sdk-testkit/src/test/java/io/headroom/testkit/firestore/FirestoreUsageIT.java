package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Usage accounting: reads, writes and deletes counted as Firestore bills them. */
@WithFirestore
class FirestoreUsageIT {

    private static FirestoreUsage delta(FirestoreEmulator emulator, Firestore db, FirestoreUsage before) {
        return emulator.usage(db).minus(before);
    }

    @Test
    void documentOperationsBillOneEach(Firestore db, FirestoreEmulator emulator) throws Exception {
        CollectionReference c = db.collection("u");
        FirestoreUsage t0 = emulator.usage(db);
        assertThat(t0).isEqualTo(FirestoreUsage.ZERO);
        c.document("a").set(Map.of("v", 1L)).get();
        c.document("b").set(Map.of("v", 2L)).get();
        assertThat(delta(emulator, db, t0)).isEqualTo(new FirestoreUsage(0, 2, 0));

        FirestoreUsage t1 = emulator.usage(db);
        c.document("a").get().get();
        c.document("missing").get().get(); // a missing document is billed too
        db.getAll(c.document("a"), c.document("b"), c.document("zz")).get();
        assertThat(delta(emulator, db, t1)).isEqualTo(new FirestoreUsage(5, 0, 0));

        FirestoreUsage t2 = emulator.usage(db);
        WriteBatch b = db.batch();
        b.update(c.document("a"), "v", 3L).delete(c.document("b")).delete(c.document("never-existed"));
        b.commit().get();
        assertThat(delta(emulator, db, t2)).isEqualTo(new FirestoreUsage(0, 1, 2));
    }

    @Test
    void queriesBillReturnedAndSkippedDocumentsAndAtLeastOne(Firestore db, FirestoreEmulator emulator) throws Exception {
        CollectionReference c = db.collection("q");
        WriteBatch b = db.batch();
        for (int i = 0; i < 10; i++) {
            b.set(c.document("d" + i), Map.of("i", (long) i));
        }
        b.commit().get();
        FirestoreUsage t0 = emulator.usage(db);
        c.whereGreaterThan("i", 100L).get().get();           // no result: 1 read
        assertThat(delta(emulator, db, t0).reads()).isEqualTo(1);
        FirestoreUsage t1 = emulator.usage(db);
        c.whereLessThan("i", 3L).get().get();                // 3 results
        assertThat(delta(emulator, db, t1).reads()).isEqualTo(3);
        FirestoreUsage t2 = emulator.usage(db);
        c.orderBy("i").offset(4).limit(2).get().get();       // 2 returned + 4 skipped
        assertThat(delta(emulator, db, t2).reads()).isEqualTo(6);
    }

    @Test
    void aggregationsBillOneReadPerThousandIndexEntries(Firestore db, FirestoreEmulator emulator) throws Exception {
        CollectionReference c = db.collection("agg");
        FirestoreUsage t0 = emulator.usage(db);
        c.count().get().get();                               // nothing matched: still 1 read
        assertThat(delta(emulator, db, t0).reads()).isEqualTo(1);
        for (int batch = 0; batch < 5; batch++) {
            WriteBatch b = db.batch();
            for (int i = 0; i < 500; i++) {
                b.set(c.document("d" + (batch * 500 + i)), Map.of("v", 1L));
            }
            b.commit().get();
        }
        FirestoreUsage t1 = emulator.usage(db);
        assertThat(t1.minus(t0).writes()).isEqualTo(2500);
        assertThat(c.count().get().get().getCount()).isEqualTo(2500L);
        assertThat(delta(emulator, db, t1).reads()).isEqualTo(3);     // ceil(2500 / 1000)
        FirestoreUsage t2 = emulator.usage(db);
        c.limit(1000).count().get().get();
        assertThat(delta(emulator, db, t2).reads()).isEqualTo(1);
    }

    @Test
    void abortedCommitsBillNothingButTheirReads(Firestore db, FirestoreEmulator emulator) throws Exception {
        DocumentReference ref = db.collection("t").document("a");
        ref.set(Map.of("v", 1L)).get();
        FirestoreUsage t0 = emulator.usage(db);
        AtomicInteger attempts = new AtomicInteger();
        db.runTransaction(tx -> {
            long v = tx.get(ref).get().getLong("v");
            if (attempts.incrementAndGet() == 1) {
                ref.set(Map.of("v", 10L)).get();             // 1 write, and the first commit aborts
            }
            tx.update(ref, "v", v + 1);
            return null;
        }).get();
        // two transactional reads, the outside write, and only the second (successful) transactional write
        assertThat(delta(emulator, db, t0)).isEqualTo(new FirestoreUsage(2, 2, 0));
    }

    @Test
    void usageIsPerDatabaseAndResettable(Firestore db, FirestoreEmulator emulator) throws Exception {
        db.collection("x").document("a").set(Map.of("v", 1L)).get();
        String project = db.getOptions().getProjectId();
        try (Firestore other = emulator.firestore(project, "second-db")) {
            other.collection("x").document("a").get().get();
            assertThat(emulator.usage(other)).isEqualTo(new FirestoreUsage(1, 0, 0));
            assertThat(other.collection("x").document("a").get().get().exists()).isFalse(); // databases are separate
        }
        assertThat(emulator.resetUsage(project, FirestoreEmulator.DEFAULT_DATABASE)).isEqualTo(new FirestoreUsage(0, 1, 0));
        assertThat(emulator.usage(db)).isEqualTo(FirestoreUsage.ZERO);
    }
}
