package io.headroom.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentChange;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.ListenerRegistration;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.QuerySnapshot;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Snapshot listeners against a model, through the real client: random sequences of set, update, delete and
 * stream interruptions (the client reconnects and resumes) while two listeners watch — the whole collection and a
 * filtered, ordered, limited query. Every snapshot equals the model's state at the snapshot's read time (so changes
 * arrive in commit order, none missed or repeated, across reconnects), the {@link DocumentChange}s of each snapshot
 * turn the previous view into the new one, and each listener's final view equals a read of the data.
 */
class FirestoreListenPropertiesIT {

    private static final FirestoreEmulator EMULATOR = FirestoreEmulator.shared();
    private static final Firestore DB = EMULATOR.firestore("listen-properties");
    private static final AtomicInteger RUNS = new AtomicInteger();

    enum Kind { SET, UPDATE, DELETE, INTERRUPT }

    record Op(Kind kind, int doc, long value) {
    }

    /** One snapshot: its read time and the documents (id -> v) in the listener's order. */
    record View(Timestamp readTime, LinkedHashMap<String, Long> docs) {
    }

    @AfterContainer
    static void close() throws Exception {
        DB.close();
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Kind> kind = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, Kind.SET), net.jqwik.api.Tuple.of(3, Kind.UPDATE),
                net.jqwik.api.Tuple.of(2, Kind.DELETE), net.jqwik.api.Tuple.of(1, Kind.INTERRUPT));
        return Combinators.combine(kind, Arbitraries.integers().between(0, 4), Arbitraries.longs().between(0, 6))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 25)
    void listenersSeeEveryCommitInOrderAndEndWhereTheDataIs(@ForAll("ops") List<Op> ops) throws Exception {
        CollectionReference c = DB.collection("l" + RUNS.incrementAndGet());
        Query top = c.whereGreaterThanOrEqualTo("v", 3L).orderBy("v").limit(2);
        // reconnecting listeners are held 20 ms before their target is added, so the writes that follow an
        // interruption commit while they are away and the resume (difference since the token) is exercised
        EMULATOR.inject(DB, FirestoreFault.on("Listen").delay(java.time.Duration.ofMillis(20)).build());
        Recorder all = new Recorder();
        Recorder limited = new Recorder();
        ListenerRegistration r1 = c.addSnapshotListener(all);
        ListenerRegistration r2 = top.addSnapshotListener(limited);
        // the model: the collection's state after each commit, by commit time
        TreeMap<Timestamp, Map<String, Long>> timeline = new TreeMap<>();
        Map<String, Long> state = new TreeMap<>();
        timeline.put(Timestamp.MIN_VALUE, Map.copyOf(state));
        try {
            all.awaitFirst();
            limited.awaitFirst();
            for (Op op : ops) {
                String id = "d" + op.doc();
                switch (op.kind()) {
                    // a write that changes nothing keeps the document's update time: the timeline stays as it is
                    case SET -> {
                        Timestamp t = c.document(id).set(Map.of("v", op.value())).get().getUpdateTime();
                        if (!Long.valueOf(op.value()).equals(state.put(id, op.value()))) {
                            timeline.put(t, Map.copyOf(state));
                        }
                    }
                    case UPDATE -> {
                        if (state.containsKey(id)) {
                            Timestamp t = c.document(id).update("v", op.value()).get().getUpdateTime();
                            if (!Long.valueOf(op.value()).equals(state.put(id, op.value()))) {
                                timeline.put(t, Map.copyOf(state));
                            }
                        }
                    }
                    case DELETE -> {
                        Timestamp t = c.document(id).delete().get().getUpdateTime();
                        if (state.remove(id) != null) {
                            timeline.put(t, Map.copyOf(state));
                        }
                    }
                    case INTERRUPT -> EMULATOR.interruptListeners(DB, Status.Code.UNAVAILABLE);
                }
            }
            // a last write every listener of the whole collection sees, to know it has caught up
            Timestamp end = c.document("zz").set(Map.of("v", -1L)).get().getUpdateTime();
            state.put("zz", -1L);
            timeline.put(end, Map.copyOf(state));
            all.awaitReadTime(end);
            Map<String, Long> expectedTop = topOf(state);
            limited.awaitView(expectedTop);

            for (Recorder rec : List.of(all, limited)) {
                assertThat(rec.errors).isEmpty();
                Timestamp previous = null;
                for (View v : rec.views) {
                    if (previous != null) {
                        assertThat(v.readTime()).as("read times increase").isGreaterThan(previous);
                    }
                    previous = v.readTime();
                    Map<String, Long> then = timeline.floorEntry(v.readTime()).getValue();
                    Map<String, Long> expected = rec == all ? new TreeMap<>(then) : topOf(then);
                    assertThat(rec == all ? new TreeMap<>(v.docs()) : v.docs())
                            .as("snapshot at %s equals the data then (ops %s)", v.readTime(), ops).isEqualTo(expected);
                    if (rec == limited) {
                        assertThat(new ArrayList<>(v.docs().keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
                    }
                }
                assertThat(rec.changeErrors).as("document changes apply").isEmpty();
            }
            Map<String, Long> read = new TreeMap<>();
            c.get().get().forEach(d -> read.put(d.getId(), d.getLong("v")));
            assertThat(new TreeMap<>(all.views.get(all.views.size() - 1).docs())).isEqualTo(read);
            Map<String, Long> readTop = new LinkedHashMap<>();
            top.get().get().forEach(d -> readTop.put(d.getId(), d.getLong("v")));
            assertThat(limited.views.get(limited.views.size() - 1).docs()).isEqualTo(readTop);
        } finally {
            r1.remove();
            r2.remove();
            EMULATOR.clearFaults(DB);
        }
    }

    /** The model of {@code top}: v >= 3, ordered by v then id, first two. */
    private static Map<String, Long> topOf(Map<String, Long> state) {
        List<Map.Entry<String, Long>> es = new ArrayList<>();
        for (Map.Entry<String, Long> e : state.entrySet()) {
            if (e.getValue() >= 3) {
                es.add(e);
            }
        }
        es.sort(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        LinkedHashMap<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : es.subList(0, Math.min(2, es.size()))) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Records views and checks that each snapshot's changes turn the previous view into the new one. */
    private static final class Recorder implements com.google.cloud.firestore.EventListener<QuerySnapshot> {
        final List<View> views = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final List<String> changeErrors = new CopyOnWriteArrayList<>();
        private final AtomicReference<List<String>> order = new AtomicReference<>(List.of());

        @Override
        public void onEvent(QuerySnapshot snap, com.google.cloud.firestore.FirestoreException error) {
            if (error != null) {
                errors.add(error);
                return;
            }
            LinkedHashMap<String, Long> docs = new LinkedHashMap<>();
            for (QueryDocumentSnapshot d : snap.getDocuments()) {
                docs.put(d.getId(), d.getLong("v"));
            }
            List<String> ids = new ArrayList<>(order.get());
            for (DocumentChange ch : snap.getDocumentChanges()) {
                String id = ch.getDocument().getId();
                switch (ch.getType()) {
                    case ADDED -> {
                        if (ids.contains(id)) {
                            changeErrors.add("ADDED " + id + " already in " + ids);
                        }
                        ids.add(ch.getNewIndex(), id);
                    }
                    case MODIFIED -> {
                        if (ch.getOldIndex() < 0 || !id.equals(ids.get(ch.getOldIndex()))) {
                            changeErrors.add("MODIFIED " + id + " not at " + ch.getOldIndex() + " in " + ids);
                        } else {
                            ids.remove(ch.getOldIndex());
                            ids.add(ch.getNewIndex(), id);
                        }
                    }
                    case REMOVED -> {
                        if (ch.getOldIndex() < 0 || !id.equals(ids.get(ch.getOldIndex()))) {
                            changeErrors.add("REMOVED " + id + " not at " + ch.getOldIndex() + " in " + ids);
                        } else {
                            ids.remove(ch.getOldIndex());
                        }
                    }
                }
            }
            if (!ids.equals(new ArrayList<>(docs.keySet()))) {
                changeErrors.add("changes give " + ids + " but the snapshot holds " + docs.keySet());
            }
            order.set(List.copyOf(docs.keySet()));
            views.add(new View(snap.getReadTime(), docs));
        }

        void awaitFirst() throws InterruptedException {
            await(() -> !views.isEmpty() || !errors.isEmpty(), "a first snapshot");
        }

        void awaitReadTime(Timestamp t) throws InterruptedException {
            await(() -> !views.isEmpty() && views.get(views.size() - 1).readTime().compareTo(t) >= 0, "a snapshot at " + t);
        }

        void awaitView(Map<String, Long> expected) throws InterruptedException {
            await(() -> !views.isEmpty() && views.get(views.size() - 1).docs().equals(expected), "the view " + expected);
        }

        private void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!done.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no " + what + " within 15 s; views " + views + ", errors " + errors);
                }
                Thread.sleep(2);
            }
        }
    }
}
