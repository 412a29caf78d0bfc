package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every version of every document written within the retention window, for reads at an old {@code read_time}
 * and for resuming listeners. Versions are keyed by commit time in microseconds. Not thread-safe: guarded by the
 * database lock.
 */
final class History {

    /** One version: the document as committed at {@code micros}, or {@code null} for a delete. */
    private record Version(long micros, @Nullable Document doc) {
    }

    // collection path -> document id -> versions, oldest first
    private final HashMap<String, HashMap<String, ArrayList<Version>>> byCollection = new HashMap<>();

    /**
     * Records a version and drops the versions no read can see any more.
     *
     * @param doc the document name
     * @param micros the commit time
     * @param value the new document, or {@code null} when deleted
     * @param cutoffMicros the oldest time a read may ask for
     */
    void record(String doc, long micros, @Nullable Document value, long cutoffMicros) {
        int slash = doc.lastIndexOf('/');
        String coll = doc.substring(0, slash);
        String id = doc.substring(slash + 1);
        HashMap<String, ArrayList<Version>> c = byCollection.computeIfAbsent(coll, k -> new HashMap<>());
        ArrayList<Version> vs = c.computeIfAbsent(id, k -> new ArrayList<>(2));
        vs.add(new Version(micros, value));
        prune(vs, cutoffMicros);
        if (vs.size() == 1 && vs.get(0).doc() == null && vs.get(0).micros() <= cutoffMicros) {
            c.remove(id);
            if (c.isEmpty()) {
                byCollection.remove(coll);
            }
        }
    }

    // keeps the newest version at or before the cutoff (it is what a read at the cutoff sees) and all later ones
    private static void prune(ArrayList<Version> vs, long cutoffMicros) {
        int keepFrom = 0;
        for (int i = 0; i < vs.size(); i++) {
            if (vs.get(i).micros() <= cutoffMicros) {
                keepFrom = i;
            } else {
                break;
            }
        }
        if (keepFrom > 0) {
            vs.subList(0, keepFrom).clear();
        }
    }

    /**
     * The document as it was at a time.
     *
     * @param doc the document name
     * @param micros the read time
     * @return the version then, or {@code null} when it did not exist
     */
    @Nullable Document at(String doc, long micros) {
        int slash = doc.lastIndexOf('/');
        HashMap<String, ArrayList<Version>> c = byCollection.get(doc.substring(0, slash));
        if (c == null) {
            return null;
        }
        ArrayList<Version> vs = c.get(doc.substring(slash + 1));
        return vs == null ? null : at(vs, micros);
    }

    private static @Nullable Document at(List<Version> vs, long micros) {
        Document found = null;
        for (Version v : vs) {
            if (v.micros() > micros) {
                break;
            }
            found = v.doc();
        }
        return found;
    }

    /**
     * Every document of one collection as it was at a time.
     *
     * @param coll the collection path
     * @param micros the read time
     * @param out receives the documents that existed then
     */
    void collectionAt(String coll, long micros, List<Document> out) {
        HashMap<String, ArrayList<Version>> c = byCollection.get(coll);
        if (c == null) {
            return;
        }
        for (ArrayList<Version> vs : c.values()) {
            Document d = at(vs, micros);
            if (d != null) {
                out.add(d);
            }
        }
    }

    /**
     * The collection paths that have (or had, within the window) documents.
     *
     * @return a live view; do not modify
     */
    Set<String> collections() {
        return byCollection.keySet();
    }

    /** Forgets everything. */
    void clear() {
        byCollection.clear();
    }

    /** How many collections are tracked (for tests). */
    int size() {
        int n = 0;
        for (Map<String, ArrayList<Version>> c : byCollection.values()) {
            n += c.size();
        }
        return n;
    }
}
