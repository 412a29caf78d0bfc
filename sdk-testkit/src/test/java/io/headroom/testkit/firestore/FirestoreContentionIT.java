package io.headroom.testkit.firestore;

import static io.headroom.testkit.firestore.FirestoreDocumentsIT.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import io.headroom.testkit.ManualTicker;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contention model: per-document sustained write rate with a burst; excess writes wait or fail ABORTED. */
@WithFirestore
class FirestoreContentionIT {

    @Test
    void offByDefault(Firestore db) throws Exception {
        DocumentReference ref = db.collection("hot").document("doc");
        for (int i = 0; i < 50; i++) {
            ref.set(Map.of("n", FieldValue.increment(1)), com.google.cloud.firestore.SetOptions.merge()).get();
        }
        assertThat(ref.get().get().getLong("n")).isEqualTo(50L);
    }

    @Test
    void writesBeyondTheBurstFailAbortedUntilTimePasses(Firestore db, FirestoreEmulator emulator) throws Exception {
        ManualTicker ticker = new ManualTicker();
        emulator.contention(db, Contention.builder().writesPerSecond(1).burst(3).maxWait(Duration.ZERO).ticker(ticker).build());
        DocumentReference hot = db.collection("hot").document("doc");
        for (int i = 0; i < 3; i++) {
            hot.set(Map.of("n", (long) i)).get();
        }
        assertThatThrownBy(() -> hot.set(Map.of("n", 99L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED))
                .hasMessageContaining("Too much contention");
        assertThat(hot.get().get().getLong("n")).isEqualTo(2L);           // the rejected write changed nothing
        db.collection("hot").document("other").set(Map.of("n", 1L)).get(); // other documents are unaffected
        ticker.advance(Duration.ofSeconds(1));                           // one more write per second
        hot.set(Map.of("n", 3L)).get();
        assertThatThrownBy(() -> hot.set(Map.of("n", 4L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED));
        ticker.advance(Duration.ofSeconds(10));                          // a quiet document regains its burst
        for (int i = 0; i < 3; i++) {
            hot.update("n", FieldValue.increment(1)).get();
        }
        assertThat(hot.get().get().getLong("n")).isEqualTo(6L);
    }

    @Test
    void writesAboveTheRateWaitUpToMaxWait(Firestore db, FirestoreEmulator emulator) throws Exception {
        ManualTicker ticker = new ManualTicker();
        // 10 writes/s, burst 1: the 2nd write waits 100 ms, the 3rd would wait 200 ms > maxWait 150 ms
        emulator.contention(db, Contention.builder().writesPerSecond(10).burst(1).maxWait(Duration.ofMillis(150))
                .ticker(ticker).build());
        DocumentReference hot = db.collection("hot").document("doc");
        hot.set(Map.of("n", 1L)).get();
        hot.set(Map.of("n", 2L)).get();
        assertThatThrownBy(() -> hot.set(Map.of("n", 3L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED));
        assertThat(hot.get().get().getLong("n")).isEqualTo(2L);
    }

    @Test
    void aBatchTouchingAHotDocumentFailsAsAWhole(Firestore db, FirestoreEmulator emulator) throws Exception {
        ManualTicker ticker = new ManualTicker();
        emulator.contention(db, Contention.builder().burst(1).maxWait(Duration.ZERO).ticker(ticker).build());
        DocumentReference hot = db.collection("hot").document("doc");
        DocumentReference cold = db.collection("cold").document("doc");
        hot.set(Map.of("n", 1L)).get();
        assertThatThrownBy(() -> db.batch().set(cold, Map.of("n", 1L)).set(hot, Map.of("n", 2L)).commit().get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED));
        assertThat(cold.get().get().exists()).isFalse();
    }

    @Test
    void transactionsAbortedByContentionAreRetriedByTheClient(Firestore db, FirestoreEmulator emulator) throws Exception {
        ManualTicker ticker = new ManualTicker();
        emulator.contention(db, Contention.builder().burst(1).maxWait(Duration.ZERO).ticker(ticker).build());
        DocumentReference hot = db.collection("hot").document("doc");
        hot.set(Map.of("n", 1L)).get(); // uses the burst
        AtomicInteger attempts = new AtomicInteger();
        db.runTransaction(tx -> {
            long n = tx.get(hot).get().getLong("n");
            if (attempts.incrementAndGet() == 2) {
                ticker.advance(Duration.ofSeconds(1)); // time passes before the retry commits
            }
            tx.update(hot, "n", n + 1);
            return null;
        }).get();
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(hot.get().get().getLong("n")).isEqualTo(2L);
    }

    @Test
    void contentionCanBeSwitchedOffAgain(Firestore db, FirestoreEmulator emulator) throws Exception {
        ManualTicker ticker = new ManualTicker();
        emulator.contention(db, Contention.builder().burst(1).maxWait(Duration.ZERO).ticker(ticker).build());
        DocumentReference hot = db.collection("hot").document("doc");
        hot.set(Map.of("n", 1L)).get();
        assertThatThrownBy(() -> hot.set(Map.of("n", 2L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED));
        emulator.contention(db, Contention.off());
        hot.set(Map.of("n", 2L)).get();
        assertThat(hot.get().get().getLong("n")).isEqualTo(2L);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> Contention.builder().writesPerSecond(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writesPerSecond");
        assertThatThrownBy(() -> Contention.builder().burst(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
        assertThatThrownBy(() -> Contention.builder().maxWait(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxWait");
        assertThat(Contention.off().enabled()).isFalse();
        assertThat(Contention.ofDefaults().writesPerSecond()).isEqualTo(1.0);
    }
}
