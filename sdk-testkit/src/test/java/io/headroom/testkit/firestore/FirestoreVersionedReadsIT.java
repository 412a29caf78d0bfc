package io.headroom.testkit.firestore;

import static io.headroom.testkit.firestore.FirestoreDocumentsIT.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.TransactionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads at an old read time (read-only transactions with a read time) through the real client. */
@WithFirestore
class FirestoreVersionedReadsIT {

    private static TransactionOptions at(Timestamp t) {
        return TransactionOptions.createReadOnlyOptionsBuilder().setReadTime(t.toProto()).build();
    }

    @Test
    void aReadOnlyTransactionAtAReadTimeSeesTheDataThen(Firestore db) throws Exception {
        DocumentReference ref = db.collection("v").document("a");
        Timestamp t1 = ref.set(Map.of("n", 1L)).get().getUpdateTime();
        Timestamp t2 = ref.set(Map.of("n", 2L)).get().getUpdateTime();
        db.collection("v").document("b").set(Map.of("n", 9L)).get();
        ref.delete().get();
        assertThat(db.runTransaction(tx -> tx.get(ref).get().getLong("n"), at(t1)).get()).isEqualTo(1L);
        assertThat(db.runTransaction(tx -> tx.get(ref).get().getLong("n"), at(t2)).get()).isEqualTo(2L);
        assertThat(db.runTransaction(tx -> tx.get(db.collection("v")).get().size(), at(t2)).get()).isEqualTo(1);
        assertThat(db.runTransaction(tx -> tx.get(db.collection("v").whereEqualTo("n", 1L)).get().size(), at(t1))
                .get()).isEqualTo(1);
        assertThat(db.runTransaction(tx -> tx.get(ref).get().exists()).get()).isFalse();
        Timestamp justBefore = Timestamp.ofTimeMicroseconds(t1.getSeconds() * 1_000_000L + t1.getNanos() / 1_000 - 1);
        assertThat(db.runTransaction(tx -> tx.get(ref).get().exists(), at(justBefore)).get()).isFalse();
        List<Long> counts = db.runTransaction(tx -> List.of(tx.get(db.collection("v").count()).get().getCount()),
                at(t2)).get();
        assertThat(counts).containsExactly(1L);
    }

    @Test
    void aReadTimeOlderThanTheRetentionWindowFailsAsTheServiceFails(Firestore db, FirestoreEmulator emulator)
            throws Exception {
        DocumentReference ref = db.collection("v").document("a");
        ref.set(Map.of("n", 1L)).get();
        Timestamp dayAgo = Timestamp.ofTimeSecondsAndNanos(Timestamp.now().getSeconds() - 86_400, 0);
        assertThatThrownBy(() -> db.runTransaction(tx -> tx.get(ref).get(), at(dayAgo)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.FAILED_PRECONDITION))
                .hasMessageContaining("The requested snapshot version is too old.");
        emulator.retention(db, Duration.ZERO);
        Timestamp t1 = ref.set(Map.of("n", 2L)).get().getUpdateTime();
        ref.set(Map.of("n", 3L)).get();
        Thread.sleep(2);
        assertThatThrownBy(() -> db.runTransaction(tx -> tx.get(ref).get(), at(t1)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.FAILED_PRECONDITION));
    }
}
