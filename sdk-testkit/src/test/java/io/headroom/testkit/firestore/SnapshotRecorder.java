package io.headroom.testkit.firestore;

import com.google.cloud.firestore.DocumentChange;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.QuerySnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Collects what a real client's query snapshot listener receives, for assertions. */
final class SnapshotRecorder implements com.google.cloud.firestore.EventListener<QuerySnapshot> {

    /** One snapshot as the listener saw it. */
    record Seen(com.google.cloud.Timestamp readTime, List<String> ids, List<String> changes, long nanos) {
    }

    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final List<Seen> all = new ArrayList<>();

    @Override
    public void onEvent(QuerySnapshot snap, FirestoreException error) {
        if (error != null) {
            events.add(error);
            return;
        }
        List<String> ids = new ArrayList<>();
        snap.getDocuments().forEach(d -> ids.add(d.getId()));
        List<String> changes = new ArrayList<>();
        for (DocumentChange c : snap.getDocumentChanges()) {
            changes.add(c.getType() + " " + c.getDocument().getId());
        }
        events.add(new Seen(snap.getReadTime(), ids, changes, System.nanoTime()));
    }

    /** The next snapshot; fails on an error or after 10 s. */
    Seen next() throws InterruptedException {
        Object o = events.poll(10, TimeUnit.SECONDS);
        if (o == null) {
            throw new AssertionError("no snapshot within 10 s; seen so far: " + all);
        }
        if (o instanceof FirestoreException e) {
            throw new AssertionError("listener error", e);
        }
        all.add((Seen) o);
        return (Seen) o;
    }

    /** Snapshots until one satisfies the predicate (within 10 s overall); returns it. */
    Seen until(Predicate<Seen> p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Seen s = next();
            if (p.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no matching snapshot; seen: " + all);
    }

    /** The error the listener received next (within 10 s). */
    FirestoreException error() throws InterruptedException {
        while (true) {
            Object o = events.poll(10, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("no error within 10 s; seen: " + all);
            }
            if (o instanceof FirestoreException e) {
                return e;
            }
            all.add((Seen) o);
        }
    }

    /** Every snapshot taken so far with {@link #next()}. */
    List<Seen> seen() {
        return all;
    }

    /** Whether nothing else arrives within the given time. */
    boolean quietFor(Duration d) throws InterruptedException {
        Object o = events.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        if (o instanceof Seen s) {
            all.add(s);
        }
        return o == null;
    }
}
