package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.Query;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Snapshot listeners ({@code Listen}) through the real client's {@code addSnapshotListener}. */
@WithFirestore
class FirestoreListenIT {

    @Test
    void aDocumentListenerSeesTheInitialStateThenEveryChangeInOrder(Firestore db) throws Exception {
        DocumentReference ref = db.collection("rooms").document("r1");
        LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        ListenerRegistration reg = ref.addSnapshotListener((snap, e) -> seen.add(e != null ? e
                : snap.exists() ? snap.getData() : "missing"));
        try {
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("missing");
            ref.set(Map.of("title", "one")).get();
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(Map.of("title", "one"));
            ref.update("title", "two").get();
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(Map.of("title", "two"));
            ref.delete().get();
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("missing");
        } finally {
            reg.remove();
        }
    }

    @Test
    void aQueryListenerReportsAddedModifiedAndRemovedChanges(Firestore db) throws Exception {
        CollectionReference msgs = db.collection("messages");
        msgs.document("m1").set(Map.of("room", "a", "at", 1L, "text", "hi")).get();
        msgs.document("x").set(Map.of("room", "b", "at", 0L)).get();
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = msgs.whereEqualTo("room", "a").orderBy("at").addSnapshotListener(rec);
        try {
            SnapshotRecorder.Seen first = rec.next();
            assertThat(first.ids()).containsExactly("m1");
            assertThat(first.changes()).containsExactly("ADDED m1");
            msgs.document("m2").set(Map.of("room", "a", "at", 2L, "text", "there")).get();
            assertThat(rec.next().changes()).containsExactly("ADDED m2");
            msgs.document("m1").update("text", "hello").get();
            assertThat(rec.next().changes()).containsExactly("MODIFIED m1");
            msgs.document("m1").update("at", 3L).get(); // moves after m2
            SnapshotRecorder.Seen moved = rec.next();
            assertThat(moved.ids()).containsExactly("m2", "m1");
            assertThat(moved.changes()).containsExactly("MODIFIED m1");
            msgs.document("m2").update("room", "b").get(); // no longer matches
            assertThat(rec.next().changes()).containsExactly("REMOVED m2");
            msgs.document("x").update("at", 5L).get(); // outside the query: no snapshot
            msgs.document("m1").delete().get();
            SnapshotRecorder.Seen gone = rec.next();
            assertThat(gone.changes()).containsExactly("REMOVED m1");
            assertThat(gone.ids()).isEmpty();
            assertThat(rec.seen()).extracting(SnapshotRecorder.Seen::readTime).isSorted();
        } finally {
            reg.remove();
        }
    }

    @Test
    void theReadmeExampleWorks(Firestore db) throws Exception {
        java.util.concurrent.BlockingQueue<List<String>> changes = new LinkedBlockingQueue<>();
        ListenerRegistration reg = db.collection("messages").whereEqualTo("room", "a").orderBy("at")
                .addSnapshotListener((snap, e) -> changes.add(snap.getDocumentChanges().stream()
                        .map(c -> c.getType() + " " + c.getDocument().getId()).toList()));
        assertThat(changes.poll(10, TimeUnit.SECONDS)).isEmpty();
        db.collection("messages").document("m1").set(Map.of("room", "a", "at", 1L)).get();
        assertThat(changes.poll(10, TimeUnit.SECONDS)).containsExactly("ADDED m1");
        reg.remove();
    }

    @Test
    void aBatchArrivesAsOneSnapshot(Firestore db) throws Exception {
        CollectionReference c = db.collection("batch");
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = c.addSnapshotListener(rec);
        try {
            assertThat(rec.next().ids()).isEmpty();
            com.google.cloud.firestore.WriteBatch b = db.batch();
            b.set(c.document("a"), Map.of("v", 1L));
            b.set(c.document("b"), Map.of("v", 2L));
            b.commit().get();
            assertThat(rec.next().changes()).containsExactly("ADDED a", "ADDED b");
        } finally {
            reg.remove();
        }
    }

    @Test
    void aLimitListenerKeepsTheTopN(Firestore db) throws Exception {
        CollectionReference c = db.collection("scores");
        c.document("a").set(Map.of("s", 10L)).get();
        c.document("b").set(Map.of("s", 20L)).get();
        c.document("c").set(Map.of("s", 30L)).get();
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = c.orderBy("s", Query.Direction.DESCENDING).limit(2).addSnapshotListener(rec);
        try {
            assertThat(rec.next().ids()).containsExactly("c", "b");
            c.document("d").set(Map.of("s", 25L)).get(); // pushes b out
            SnapshotRecorder.Seen s = rec.next();
            assertThat(s.ids()).containsExactly("c", "d");
            assertThat(s.changes()).containsExactlyInAnyOrder("REMOVED b", "ADDED d");
            c.document("c").delete().get(); // b comes back in
            SnapshotRecorder.Seen t = rec.next();
            assertThat(t.ids()).containsExactly("d", "b");
            assertThat(t.changes()).containsExactlyInAnyOrder("REMOVED c", "ADDED b");
        } finally {
            reg.remove();
        }
    }

    @Test
    void aLimitToLastListenerKeepsTheLastN(Firestore db) throws Exception {
        CollectionReference c = db.collection("feed");
        for (long i = 1; i <= 4; i++) {
            c.document("p" + i).set(Map.of("at", i)).get();
        }
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = c.orderBy("at").limitToLast(2).addSnapshotListener(rec);
        try {
            assertThat(rec.next().ids()).containsExactly("p3", "p4");
            c.document("p5").set(Map.of("at", 5L)).get();
            SnapshotRecorder.Seen s = rec.next();
            assertThat(s.ids()).containsExactly("p4", "p5");
            assertThat(s.changes()).containsExactlyInAnyOrder("REMOVED p3", "ADDED p5");
        } finally {
            reg.remove();
        }
    }

    @Test
    void manyListenersOnOneClientEachGetTheirOwnChanges(Firestore db, FirestoreEmulator emulator) throws Exception {
        int n = 20;
        List<SnapshotRecorder> recs = new ArrayList<>();
        List<ListenerRegistration> regs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                SnapshotRecorder rec = new SnapshotRecorder();
                recs.add(rec);
                regs.add(db.collection("many").whereEqualTo("owner", i).addSnapshotListener(rec));
            }
            for (SnapshotRecorder rec : recs) {
                assertThat(rec.next().ids()).isEmpty();
            }
            assertThat(emulator.listenTargets(db)).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                db.collection("many").document("d" + i).set(Map.of("owner", i)).get();
            }
            for (int i = 0; i < n; i++) {
                assertThat(recs.get(i).next().ids()).containsExactly("d" + i);
            }
        } finally {
            regs.forEach(ListenerRegistration::remove);
        }
        // removing a listener half-closes its stream; the emulator forgets its target
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emulator.listenTargets(db) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(emulator.listenTargets(db)).isZero();
    }

    @Test
    void aListenerThatReconnectsResumesWithoutMissingOrRepeatingAChange(Firestore db, FirestoreEmulator emulator)
            throws Exception {
        CollectionReference c = db.collection("resume");
        c.document("keep").set(Map.of("v", 0L)).get();
        c.document("gone").set(Map.of("v", 0L)).get();
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = c.addSnapshotListener(rec);
        try {
            assertThat(rec.next().ids()).containsExactly("gone", "keep");
            assertThat(emulator.interruptListeners(db, Status.Code.UNAVAILABLE)).isEqualTo(1);
            c.document("gone").delete().get();
            c.document("new").set(Map.of("v", 1L)).get();
            c.document("keep").update("v", 2L).get();
            SnapshotRecorder.Seen last = rec.until(s -> s.ids().equals(List.of("keep", "new"))
                    && !s.changes().isEmpty() && s.changes().contains("MODIFIED keep"));
            assertThat(last).isNotNull();
            List<String> changes = new ArrayList<>();
            rec.seen().forEach(s -> changes.addAll(s.changes()));
            assertThat(changes).containsExactly("ADDED gone", "ADDED keep", "REMOVED gone", "ADDED new", "MODIFIED keep");
        } finally {
            reg.remove();
        }
    }

    @Test
    void aResumeTokenOlderThanTheRetentionWindowStartsOverWithoutRepeatingChanges(Firestore db,
            FirestoreEmulator emulator) throws Exception {
        emulator.retention(db, java.time.Duration.ZERO);
        CollectionReference c = db.collection("expired");
        c.document("a").set(Map.of("v", 0L)).get();
        c.document("b").set(Map.of("v", 0L)).get();
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = c.addSnapshotListener(rec);
        try {
            assertThat(rec.next().ids()).containsExactly("a", "b");
            Thread.sleep(2); // the token's time is now outside a zero window
            c.document("b").delete().get();
            rec.next();
            emulator.interruptListeners(db, Status.Code.UNAVAILABLE);
            c.document("c").set(Map.of("v", 1L)).get();
            rec.until(s -> s.ids().equals(List.of("a", "c")));
            List<String> changes = new ArrayList<>();
            rec.seen().forEach(s -> changes.addAll(s.changes()));
            assertThat(changes).containsExactly("ADDED a", "ADDED b", "REMOVED b", "ADDED c");
        } finally {
            reg.remove();
        }
    }

    @Test
    void aNonRetryableInterruptionReachesTheListenerAsItsError(Firestore db, FirestoreEmulator emulator) throws Exception {
        SnapshotRecorder rec = new SnapshotRecorder();
        ListenerRegistration reg = db.collection("perm").addSnapshotListener(rec);
        try {
            rec.next();
            emulator.interruptListeners(db, Status.Code.PERMISSION_DENIED);
            FirestoreException e = rec.error();
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        } finally {
            reg.remove();
        }
    }

    @Test
    void commitToCallbackDelay(Firestore db) throws Exception {
        DocumentReference ref = db.collection("latency").document("d");
        LinkedBlockingQueue<Long> arrivals = new LinkedBlockingQueue<>();
        ListenerRegistration reg = ref.addSnapshotListener((snap, e) -> arrivals.add(System.nanoTime()));
        try {
            arrivals.poll(10, TimeUnit.SECONDS);
            int n = 300;
            long[] delays = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                ref.set(Map.of("v", (long) i)).get();
                Long at = arrivals.poll(10, TimeUnit.SECONDS);
                assertThat(at).isNotNull();
                delays[i] = at - t0;
            }
            java.util.Arrays.sort(delays);
            // a figure to read, not an assertion: write issued -> listener callback, through the real client
            System.out.printf("[listen latency] write issued -> snapshot callback over %d writes: p50 %.2f ms, "
                    + "p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", n, delays[n / 2] / 1e6, delays[n * 9 / 10] / 1e6,
                    delays[n * 99 / 100] / 1e6, delays[n - 1] / 1e6);
        } finally {
            reg.remove();
        }
    }

    @Test
    void aListenerOnADocumentTargetFollowsCreationAndDeletion(Firestore db) throws Exception {
        Map<String, Object> latest = new HashMap<>();
        LinkedBlockingQueue<DocumentSnapshot> seen = new LinkedBlockingQueue<>();
        DocumentReference ref = db.collection("x").document("y");
        ref.set(Map.of("n", 1L)).get();
        ListenerRegistration reg = ref.addSnapshotListener((snap, e) -> seen.add(snap));
        try {
            DocumentSnapshot s = seen.poll(10, TimeUnit.SECONDS);
            assertThat(s.getLong("n")).isEqualTo(1L);
            latest.putAll(s.getData());
            assertThat(latest).containsEntry("n", 1L);
            assertThat(s.getUpdateTime()).isNotNull();
        } finally {
            reg.remove();
        }
    }
}
