package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.HeadroomException;
import io.headroom.Ticker;
import io.headroom.internal.BackendGuard;
import io.headroom.testkit.ManualTicker;
import io.headroom.testkit.firestore.Contention;
import io.headroom.testkit.firestore.FirestoreEmulator;
import io.headroom.testkit.firestore.WithFirestore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** FirestoreBackend against the emulator: guarded calls, error translation, outage and contention. */
@WithFirestore
class FirestoreBackendIT {

    private static Throwable failure(CompletableFuture<?> f) throws Exception {
        return f.handle((r, e) -> e).get();
    }

    @Test
    void callsReturnTheClientsResult(Firestore db) throws Exception {
        FirestoreBackend backend = FirestoreBackend.of(db);
        BackendGuard guard = FirestoreSettings.defaults().newGuard("it", Ticker.system());
        DocumentReference ref = db.collection(FirestoreSettings.defaults().collection("things")).document("a");
        backend.call(guard, "set", () -> ref.set(Map.of("v", 1L))).get();
        assertThat(backend.call(guard, "get", ref::get).get().getLong("v")).isEqualTo(1L);
        assertThat(backend.client()).isSameAs(db);
        assertThat(backend.toString()).contains(db.getOptions().getProjectId());
    }

    @Test
    void rejectionsAreHeadroomExceptionsNotOutages(Firestore db) throws Exception {
        FirestoreBackend backend = FirestoreBackend.of(db);
        BackendGuard guard = FirestoreSettings.defaults().newGuard("it", Ticker.system());
        Throwable e = failure(backend.call(guard, "update missing", () -> db.collection("c").document("none").update("v", 1L)));
        assertThat(e).isExactlyInstanceOf(HeadroomException.class).hasMessageContaining("NOT_FOUND")
                .hasMessageContaining("update missing");
    }

    @Test
    void contentionIsReportedAsSuch(Firestore db, FirestoreEmulator emulator) throws Exception {
        emulator.contention(db, Contention.builder().burst(1).maxWait(Duration.ZERO).ticker(new ManualTicker()).build());
        FirestoreBackend backend = FirestoreBackend.of(db);
        BackendGuard guard = FirestoreSettings.defaults().newGuard("it", Ticker.system());
        DocumentReference hot = db.collection("c").document("hot");
        backend.call(guard, "write 1", () -> hot.set(Map.of("v", 1L))).get();
        Throwable e = failure(backend.call(guard, "write 2", () -> hot.set(Map.of("v", 2L))));
        assertThat(e).isInstanceOf(FirestoreContentionException.class).hasMessageContaining("ABORTED")
                .hasMessageContaining("contention");
    }

    @Test
    void aDeadServerIsAnOutageAndOpensTheBreaker() throws Exception {
        FirestoreEmulator own = FirestoreEmulator.start();
        Firestore db = own.firestore("dead");
        try {
            db.collection("c").document("a").set(Map.of("v", 1L)).get();
            own.close();
            FirestoreBackend backend = FirestoreBackend.of(db);
            BackendGuard guard = FirestoreSettings.builder().timeout(Duration.ofMillis(300))
                    .circuitBreakerConfig(CircuitBreakerConfig.custom().slidingWindowSize(2).minimumNumberOfCalls(2)
                            .waitDurationInOpenState(Duration.ofMinutes(1)).build())
                    .build().newGuard("dead", Ticker.system());
            for (int i = 0; i < 2; i++) {
                Throwable e = failure(backend.call(guard, "get", () -> db.collection("c").document("a").get()));
                assertThat(e).isExactlyInstanceOf(BackendUnavailableException.class);
            }
            assertThat(guard.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
            Throwable e = failure(backend.call(guard, "get", () -> db.collection("c").document("a").get()));
            assertThat(e).isExactlyInstanceOf(BackendUnavailableException.class).hasMessageContaining("circuit breaker");
        } finally {
            db.close();
            own.close();
        }
    }

    @Test
    void badArgumentsFailBeforeAnyCall(Firestore db) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FirestoreBackend.of(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client");
        FirestoreBackend backend = FirestoreBackend.of(db);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backend.call(null, "x", () -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("guard");
    }
}
