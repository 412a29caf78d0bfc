package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.TransactionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Transactions through the real client: reads in the transaction, optimistic concurrency, retries, read-only. */
@WithFirestore
class FirestoreTransactionIT {

    @Test
    void readModifyWriteCommits(Firestore db) throws Exception {
        DocumentReference ref = db.collection("acc").document("a");
        ref.set(Map.of("balance", 10L)).get();
        long result = db.runTransaction(tx -> {
            long b = tx.get(ref).get().getLong("balance");
            tx.update(ref, "balance", b + 5);
            return b + 5;
        }).get();
        assertThat(result).isEqualTo(15L);
        assertThat(ref.get().get().getLong("balance")).isEqualTo(15L);
    }

    @Test
    void aCommitWhoseReadChangedIsAbortedAndTheClientRetries(Firestore db) throws Exception {
        DocumentReference ref = db.collection("acc").document("a");
        ref.set(Map.of("balance", 10L)).get();
        AtomicInteger attempts = new AtomicInteger();
        long result = db.runTransaction(tx -> {
            long b = tx.get(ref).get().getLong("balance");
            if (attempts.incrementAndGet() == 1) {
                ref.set(Map.of("balance", 100L)).get(); // a concurrent writer changes what we read
            }
            tx.update(ref, "balance", b + 1);
            return b + 1;
        }).get();
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(result).isEqualTo(101L);
        assertThat(ref.get().get().getLong("balance")).isEqualTo(101L);
    }

    @Test
    void aMissingDocumentThatAppearsAlsoAborts(Firestore db) throws Exception {
        DocumentReference ref = db.collection("acc").document("new");
        AtomicInteger attempts = new AtomicInteger();
        db.runTransaction(tx -> {
            DocumentSnapshot s = tx.get(ref).get();
            if (attempts.incrementAndGet() == 1) {
                ref.set(Map.of("v", 1L)).get();
            }
            tx.set(ref, Map.of("v", s.exists() ? s.getLong("v") + 1 : 0L));
            return null;
        }).get();
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(ref.get().get().getLong("v")).isEqualTo(2L);
    }

    @Test
    void aQueryWhoseResultChangedAborts(Firestore db) throws Exception {
        db.collection("seats").document("s1").set(Map.of("taken", false)).get();
        AtomicInteger attempts = new AtomicInteger();
        int free = db.runTransaction(tx -> {
            int n = tx.get(db.collection("seats").whereEqualTo("taken", false)).get().size();
            if (attempts.incrementAndGet() == 1) {
                db.collection("seats").document("s2").set(Map.of("taken", false)).get(); // a phantom
            }
            tx.set(db.collection("summary").document("free"), Map.of("n", (long) n));
            return n;
        }).get();
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(free).isEqualTo(2);
    }

    @Test
    void concurrentTransactionsLoseNoUpdate(Firestore db) throws Exception {
        DocumentReference ref = db.collection("counters").document("c");
        ref.set(Map.of("n", 0L)).get();
        List<ApiFuture<Void>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            fs.add(db.runTransaction(tx -> {
                long n = tx.get(ref).get().getLong("n");
                tx.update(ref, "n", n + 1);
                return null;
            }));
        }
        for (ApiFuture<Void> f : fs) {
            f.get();
        }
        assertThat(ref.get().get().getLong("n")).isEqualTo(4L);
    }

    @Test
    void aFailingFunctionRollsBackAndWritesNothing(Firestore db) throws Exception {
        DocumentReference ref = db.collection("acc").document("a");
        ref.set(Map.of("v", 1L)).get();
        assertThatThrownBy(() -> db.runTransaction(tx -> {
            tx.get(ref).get();
            tx.update(ref, "v", 2L);
            throw new IllegalStateException("business rule");
        }).get()).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(ref.get().get().getLong("v")).isEqualTo(1L);
    }

    @Test
    void readOnlyTransactionsReadAndAggregate(Firestore db) throws Exception {
        db.collection("ro").document("a").set(Map.of("v", 1L)).get();
        db.collection("ro").document("b").set(Map.of("v", 2L)).get();
        long sum = db.runTransaction(tx -> {
            long a = tx.get(db.collection("ro").document("a")).get().getLong("v");
            AggregateQuerySnapshot count = tx.get(db.collection("ro").count()).get();
            return a + count.getCount();
        }, TransactionOptions.createReadOnlyOptionsBuilder().build()).get();
        assertThat(sum).isEqualTo(3L);
    }

    @Test
    void transactionalGetAllAndQueriesSeeCommittedData(Firestore db) throws Exception {
        DocumentReference a = db.collection("t").document("a");
        DocumentReference b = db.collection("t").document("b");
        a.set(Map.of("v", 1L)).get();
        List<Boolean> exists = db.runTransaction(tx -> {
            List<Boolean> out = new ArrayList<>();
            for (DocumentSnapshot s : tx.getAll(a, b).get()) {
                out.add(s.exists());
            }
            tx.create(b, Map.of("v", 2L));
            return out;
        }).get();
        assertThat(exists).containsExactly(true, false);
        assertThat(b.get().get().getLong("v")).isEqualTo(2L);
    }
}
