package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentChange;
import com.google.firestore.v1.DocumentDelete;
import com.google.firestore.v1.DocumentRemove;
import com.google.firestore.v1.ExistenceFilter;
import com.google.firestore.v1.ListenResponse;
import com.google.firestore.v1.Target;
import com.google.firestore.v1.TargetChange;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The watch protocol of one database: the targets of every open {@code Listen} stream, their initial and resumed
 * state, and the changes each commit sends them.
 *
 * <p>What a target receives, as the service sends it: on add, {@code TargetChange ADD}; one {@code DocumentChange}
 * per document in the result; {@code CURRENT} with a resume token; then a global {@code NO_CHANGE} (no target ids)
 * with the snapshot's {@code read_time}, which is when the client raises a snapshot. After each commit that changes
 * a target's result: {@code DocumentChange} (added or modified; or with {@code removed_target_ids} when the document
 * no longer matches), {@code DocumentDelete} (deleted), {@code DocumentRemove} (still matches but fell outside the
 * limit), then a global {@code NO_CHANGE} at the commit time. A target added with a resume token (or a
 * {@code read_time}) within the retention window gets only the difference between the result then and now, and an
 * {@code ExistenceFilter} with the result's size; an expired or foreign token gets {@code RESET} and the whole
 * result. Resume tokens are the snapshot's commit time.
 *
 * <p>Not thread-safe: every method runs under the database lock, which is also what orders the responses.
 */
final class Watches {

    private static final byte[] TOKEN_MAGIC = {'h', 'r', 'w', '1'};

    private final Database db;
    private final LinkedHashSet<WatchTarget> targets = new LinkedHashSet<>();

    Watches(Database db) {
        this.db = db;
    }

    int size() {
        return targets.size();
    }

    void add(ListenStream stream, Target target) {
        if (stream.isClosed()) {
            return;
        }
        int id = target.getTargetId() == 0 ? stream.serverTargetId() : target.getTargetId();
        if (stream.targets.containsKey(id)) {
            stream.send(List.of(removed(id, Status.Code.ALREADY_EXISTS, "target id " + id + " is already in use on this stream")));
            return;
        }
        try {
            db.checkTarget(target);
        } catch (EmulatorException e) {
            stream.send(List.of(removed(id, e.code(), e.getMessage())));
            return;
        }
        WatchTarget w = new WatchTarget(stream, id, target);
        List<ListenResponse> out = new ArrayList<>();
        out.add(resp(change(TargetChange.TargetChangeType.ADD, id)));
        Long since = resumeMicros(target);
        long now = db.latestMicros();
        boolean resumed = false;
        if (since != null && since <= now && db.retained(since)) {
            w.view = WatchTarget.viewOf(result(w, since));
            resumed = true;
        } else if (since != null) {
            // an expired or foreign token: start over, as the service does
            out.add(resp(change(TargetChange.TargetChangeType.RESET, id)));
        }
        List<Document> docs = result(w, null);
        diff(w, docs, now, out);
        if (resumed) {
            out.add(ListenResponse.newBuilder().setFilter(ExistenceFilter.newBuilder().setTargetId(id)
                    .setCount(docs.size())).build());
        }
        Timestamp readTime = Database.timestamp(now);
        out.add(resp(change(TargetChange.TargetChangeType.CURRENT, id).setResumeToken(token(now)).setReadTime(readTime)));
        out.add(global(now));
        stream.targets.put(id, w);
        targets.add(w);
        stream.send(out);
    }

    void remove(ListenStream stream, int id) {
        WatchTarget w = stream.targets.remove(id);
        if (w == null) {
            stream.send(List.of(removed(id, Status.Code.NOT_FOUND, "no target " + id + " on this stream")));
            return;
        }
        targets.remove(w);
        stream.send(List.of(resp(change(TargetChange.TargetChangeType.REMOVE, id))));
    }

    void drop(ListenStream stream) {
        targets.removeAll(stream.targets.values());
        stream.targets.clear();
    }

    int interrupt(Status status) {
        LinkedHashSet<ListenStream> streams = new LinkedHashSet<>();
        for (WatchTarget w : targets) {
            streams.add(w.stream);
        }
        for (ListenStream s : streams) {
            s.fail(status);
        }
        return streams.size();
    }

    /**
     * Sends every affected target what a commit changed.
     *
     * @param written the documents the commit wrote (or deleted)
     * @param commitTime the commit time
     */
    void committed(Collection<String> written, Timestamp commitTime) {
        if (targets.isEmpty() || written.isEmpty()) {
            return;
        }
        long micros = Database.micros(commitTime);
        Map<ListenStream, List<ListenResponse>> byStream = new LinkedHashMap<>();
        for (WatchTarget w : targets) {
            if (!w.touchedBy(written)) {
                continue;
            }
            List<ListenResponse> out = new ArrayList<>();
            diff(w, result(w, null), micros, out);
            if (!out.isEmpty()) {
                byStream.computeIfAbsent(w.stream, s -> new ArrayList<>()).addAll(out);
            }
        }
        for (Map.Entry<ListenStream, List<ListenResponse>> e : byStream.entrySet()) {
            e.getValue().add(global(micros));
            e.getKey().send(e.getValue());
        }
    }

    /** The target's result as of a time ({@code null}: now). */
    private List<Document> result(WatchTarget w, @Nullable Long atMicros) {
        if (w.query != null) {
            return db.query(w.parent, w.query, atMicros).documents();
        }
        List<Document> out = new ArrayList<>();
        for (String name : w.documents) {
            Document d = db.lookupAt(name, atMicros);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** Appends what turns the client's view into {@code now}, and makes {@code now} the view. */
    private void diff(WatchTarget w, List<Document> now, long micros, List<ListenResponse> out) {
        Map<String, Timestamp> next = WatchTarget.viewOf(now);
        for (Document d : now) {
            Timestamp had = w.view.get(d.getName());
            if (had == null || !had.equals(d.getUpdateTime())) {
                out.add(ListenResponse.newBuilder().setDocumentChange(DocumentChange.newBuilder().setDocument(d)
                        .addTargetIds(w.id)).build());
            }
        }
        Timestamp readTime = Database.timestamp(micros);
        for (String name : w.view.keySet()) {
            if (next.containsKey(name)) {
                continue;
            }
            Document cur = db.lookupAt(name, null);
            if (cur == null) {
                out.add(ListenResponse.newBuilder().setDocumentDelete(DocumentDelete.newBuilder().setDocument(name)
                        .addRemovedTargetIds(w.id).setReadTime(readTime)).build());
            } else if (w.stillMatches(cur)) {
                out.add(ListenResponse.newBuilder().setDocumentRemove(DocumentRemove.newBuilder().setDocument(name)
                        .addRemovedTargetIds(w.id).setReadTime(readTime)).build());
            } else {
                out.add(ListenResponse.newBuilder().setDocumentChange(DocumentChange.newBuilder().setDocument(cur)
                        .addRemovedTargetIds(w.id)).build());
            }
        }
        w.view = next;
    }

    private static TargetChange.Builder change(TargetChange.TargetChangeType type, int id) {
        return TargetChange.newBuilder().setTargetChangeType(type).addTargetIds(id);
    }

    private static ListenResponse resp(TargetChange.Builder c) {
        return ListenResponse.newBuilder().setTargetChange(c).build();
    }

    private static ListenResponse global(long micros) {
        return ListenResponse.newBuilder().setTargetChange(TargetChange.newBuilder()
                .setTargetChangeType(TargetChange.TargetChangeType.NO_CHANGE)
                .setReadTime(Database.timestamp(micros)).setResumeToken(token(micros))).build();
    }

    private static ListenResponse removed(int id, Status.Code code, String message) {
        return ListenResponse.newBuilder().setTargetChange(change(TargetChange.TargetChangeType.REMOVE, id)
                .setCause(com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message))).build();
    }

    static ByteString token(long micros) {
        return ByteString.copyFrom(ByteBuffer.allocate(12).put(TOKEN_MAGIC).putLong(micros).array());
    }

    /** The time a target resumes from: its resume token's, its read time, or none ({@code -1} for a foreign token). */
    private static @Nullable Long resumeMicros(Target t) {
        if (t.hasResumeToken() && !t.getResumeToken().isEmpty()) {
            ByteString b = t.getResumeToken();
            if (b.size() != 12 || !b.substring(0, 4).equals(ByteString.copyFrom(TOKEN_MAGIC))) {
                return -1L;
            }
            return b.asReadOnlyByteBuffer().getLong(4);
        }
        if (t.hasReadTime()) {
            return Database.micros(t.getReadTime());
        }
        return null;
    }
}
