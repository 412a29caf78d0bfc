package io.headroom.testkit.firestore;

import static io.headroom.testkit.firestore.FirestoreDocumentsIT.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.ListenerRegistration;
import io.grpc.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Injected gRPC faults, through the real client: per method and per document path, counted exactly. What the
 * client then does is the client's own policy, pinned here as observed with google-cloud-firestore 3.37: it
 * retries {@code UNAVAILABLE} and {@code RESOURCE_EXHAUSTED} on commits, and also {@code DEADLINE_EXCEEDED} on
 * reads; {@code ABORTED} outside a transaction and {@code DEADLINE_EXCEEDED} on a commit reach the caller.
 */
@WithFirestore
class FirestoreFaultIT {

    @Test
    void anUnavailableCommitOnOneDocumentIsRetriedByTheClient(Firestore db, FirestoreEmulator emulator) throws Exception {
        InjectedFault f = emulator.inject(db, FirestoreFault.on("Commit").document("p/a")
                .fail(Status.Code.UNAVAILABLE).times(2).build());
        db.collection("p").document("b").set(Map.of("v", 1L)).get(); // another document: untouched
        assertThat(f.matched()).isZero();
        db.collection("p").document("a").set(Map.of("v", 1L)).get();
        assertThat(f.applied()).isEqualTo(2);
        assertThat(f.matched()).isEqualTo(3);
        assertThat(db.collection("p").document("a").get().get().getLong("v")).isEqualTo(1L);
    }

    @Test
    void aDeadlineExceededCommitReachesTheCallerAndWritesNothing(Firestore db, FirestoreEmulator emulator) throws Exception {
        emulator.inject(db, FirestoreFault.on("Commit").fail(Status.Code.DEADLINE_EXCEEDED).times(1).build());
        DocumentReference ref = db.collection("p").document("a");
        assertThatThrownBy(() -> ref.set(Map.of("v", 1L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.DEADLINE_EXCEEDED));
        assertThat(ref.get().get().exists()).isFalse();
        ref.set(Map.of("v", 2L)).get(); // times(1): the next commit passes
        assertThat(ref.get().get().getLong("v")).isEqualTo(2L);
    }

    @Test
    void afterAndTimesPickExactlyWhichCallsFail(Firestore db, FirestoreEmulator emulator) throws Exception {
        db.collection("q").document("a").set(Map.of("v", 1L)).get();
        InjectedFault f = emulator.inject(db, FirestoreFault.on("RunQuery").document("q")
                .fail(Status.Code.ABORTED).after(1).times(1).build());
        assertThat(db.collection("q").get().get().size()).isEqualTo(1);
        assertThatThrownBy(() -> db.collection("q").get().get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED));
        assertThat(db.collection("q").get().get().size()).isEqualTo(1);
        assertThat(db.collection("other").get().get().isEmpty()).isTrue();
        assertThat(f.matched()).isEqualTo(3);
        assertThat(f.applied()).isEqualTo(1);
    }

    @Test
    void resourceExhaustedAndDeadlineExceededReadsAreRetried(Firestore db, FirestoreEmulator emulator) throws Exception {
        db.collection("r").document("a").set(Map.of("v", 1L)).get();
        InjectedFault get = emulator.inject(db, FirestoreFault.on("BatchGetDocuments")
                .fail(Status.Code.RESOURCE_EXHAUSTED).times(1).build());
        InjectedFault count = emulator.inject(db, FirestoreFault.on("RunAggregationQuery")
                .fail(Status.Code.DEADLINE_EXCEEDED).times(1).build());
        assertThat(db.collection("r").document("a").get().get().getLong("v")).isEqualTo(1L);
        assertThat(db.collection("r").count().get().get().getCount()).isEqualTo(1L);
        assertThat(get.applied()).isEqualTo(1);
        assertThat(count.applied()).isEqualTo(1);
    }

    @Test
    void aSlowAnswerIsHeldForItsDelay(Firestore db, FirestoreEmulator emulator) throws Exception {
        DocumentReference ref = db.collection("s").document("a");
        ref.set(Map.of("v", 1L)).get();
        InjectedFault f = emulator.inject(db, FirestoreFault.on(FirestoreFault.ANY_METHOD).document("s/a")
                .delay(Duration.ofMillis(150)).times(1).build());
        long t0 = System.nanoTime();
        assertThat(ref.get().get().getLong("v")).isEqualTo(1L);
        // a lower bound set by the emulator's own sleep, not a performance assertion
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        assertThat(f.applied()).isEqualTo(1);
    }

    @Test
    void anUnavailableListenIsRetriedAndTheListenerGetsItsSnapshot(Firestore db, FirestoreEmulator emulator)
            throws Exception {
        db.collection("l").document("a").set(Map.of("v", 1L)).get();
        InjectedFault f = emulator.inject(db, FirestoreFault.on("Listen").document("l")
                .fail(Status.Code.UNAVAILABLE).times(1).build());
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = db.collection("l").addSnapshotListener(rec);
        try {
            assertThat(rec.next().ids()).containsExactly("a");
            assertThat(f.applied()).isEqualTo(1);
        } finally {
            reg.remove();
        }
    }

    @Test
    void aPermissionDeniedListenReachesTheListener(Firestore db, FirestoreEmulator emulator) throws Exception {
        emulator.inject(db, FirestoreFault.on("Listen").fail(Status.Code.PERMISSION_DENIED).build());
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = db.collection("l").addSnapshotListener(rec);
        try {
            assertThat(rec.error().getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        } finally {
            reg.remove();
        }
    }

    @Test
    void removedFaultsStopApplying(Firestore db, FirestoreEmulator emulator) throws Exception {
        InjectedFault f = emulator.inject(db, FirestoreFault.on("Commit").fail(Status.Code.ABORTED).build());
        assertThatThrownBy(() -> db.collection("x").document("a").set(Map.of("v", 1L)).get())
                .satisfies(e -> assertThat(codeOf(e)).isEqualTo(StatusCode.Code.ABORTED));
        f.close();
        db.collection("x").document("a").set(Map.of("v", 1L)).get();
        emulator.inject(db, FirestoreFault.on("Commit").fail(Status.Code.ABORTED).build());
        emulator.clearFaults(db);
        db.collection("x").document("a").set(Map.of("v", 2L)).get();
    }

    @Test
    void badFaultsAreRejectedWithTheRule() {
        assertThatThrownBy(() -> FirestoreFault.on("Nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method must be one of");
        assertThatThrownBy(() -> FirestoreFault.on("Commit").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fail(code) or delay(duration)");
        assertThatThrownBy(() -> FirestoreFault.on("Commit").fail(Status.Code.OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirestoreFault.on("Commit").times(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FirestoreFault.on("Commit").document("/a")).isInstanceOf(IllegalArgumentException.class);
    }
}
