package io.headroom.testkit.firestore.internal;

import com.google.firestore.v1.AggregationResult;
import com.google.firestore.v1.BatchGetDocumentsRequest;
import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.BatchWriteResponse;
import com.google.firestore.v1.BeginTransactionRequest;
import com.google.firestore.v1.BeginTransactionResponse;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.CommitResponse;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.DocumentMask;
import com.google.firestore.v1.DocumentTransform.FieldTransform;
import com.google.firestore.v1.ListCollectionIdsRequest;
import com.google.firestore.v1.ListCollectionIdsResponse;
import com.google.firestore.v1.ListDocumentsRequest;
import com.google.firestore.v1.ListDocumentsResponse;
import com.google.firestore.v1.Precondition;
import com.google.firestore.v1.RollbackRequest;
import com.google.firestore.v1.RunAggregationQueryRequest;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryRequest;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.StructuredAggregationQuery;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.TransactionOptions;
import com.google.firestore.v1.Value;
import com.google.firestore.v1.Write;
import com.google.firestore.v1.WriteResult;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.headroom.testkit.firestore.Contention;
import io.headroom.testkit.firestore.FirestoreUsage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One emulated Firestore database ({@code projects/P/databases/D}): its documents, open transactions, usage
 * counters and contention limiter.
 *
 * <p>Concurrency: one lock per database guards documents and transactions, so every commit is atomic and
 * serializable; a commit delayed by the contention model sleeps outside the lock. Documents are immutable
 * {@link Document} protos; a write that changes nothing keeps the stored object (and its update time), so
 * identity is the version used by optimistic transactions.
 */
public final class Database {

    /** How long old versions stay readable by default: one hour, like the service without point-in-time recovery. */
    public static final long DEFAULT_RETENTION_MICROS = 3_600_000_000L;

    static final String TOO_OLD_MESSAGE = "The requested snapshot version is too old.";

    static final String CONTENTION_MESSAGE = "Too much contention on these documents. Please try again.";

    /** Stands for "the document did not exist" in a transaction's read set. */
    private static final Document MISSING = Document.newBuilder().setName("<missing>").build();
    private static final Document DELETED = Document.newBuilder().setName("<deleted>").build();

    private final String name;
    private final String documentsRoot;
    private final ReentrantLock lock = new ReentrantLock();
    // collection path (full resource name) -> document id -> document; empty collections are removed
    private final HashMap<String, TreeMap<String, Document>> collections = new HashMap<>();
    private final HashMap<ByteString, Txn> transactions = new HashMap<>();
    private final HashMap<String, Long> theoreticalArrival = new HashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final History history = new History();
    private final Watches watches = new Watches(this);
    private final Faults faults = new Faults();
    private final OrderedIndexes indexes = new OrderedIndexes();
    private volatile long retentionMicros = DEFAULT_RETENTION_MICROS;
    private volatile Contention contention;
    private long lastMicros;
    private long transactionCounter;

    /**
     * Creates an empty database.
     *
     * @param name {@code projects/P/databases/D}
     * @param contention the contention model
     */
    public Database(String name, Contention contention) {
        this.name = name;
        this.documentsRoot = name + "/documents";
        this.contention = contention;
    }

    /** A transaction's state. */
    private static final class Txn {
        final ByteString id;
        final boolean readOnly;
        // document name -> the document object seen (identity is the version), or MISSING
        final HashMap<String, Document> reads = new HashMap<>();
        final List<QueryRead> queries = new ArrayList<>();
        // a read-only transaction's read time (microseconds), or null for the latest state
        final @Nullable Long readMicros;

        Txn(ByteString id, boolean readOnly, @Nullable Long readMicros) {
            this.id = id;
            this.readOnly = readOnly;
            this.readMicros = readMicros;
        }
    }

    private record QueryRead(String parent, StructuredQuery query, List<Document> seen, int skipped) {
    }

    /**
     * The database's resource name.
     *
     * @return {@code projects/P/databases/D}
     */
    public String name() {
        return name;
    }

    /**
     * Sets the contention model; writes from now on are judged by it.
     *
     * @param model the model
     */
    public void contention(Contention model) {
        lock.lock();
        try {
            this.contention = model;
            theoreticalArrival.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The billed usage so far.
     *
     * @return a snapshot
     */
    public FirestoreUsage usage() {
        return new FirestoreUsage(reads.get(), writes.get(), deletes.get());
    }

    /**
     * Returns the usage so far and sets it back to zero.
     *
     * @return the usage before the reset
     */
    public FirestoreUsage resetUsage() {
        return new FirestoreUsage(reads.getAndSet(0), writes.getAndSet(0), deletes.getAndSet(0));
    }

    /**
     * The faults injected into this database.
     *
     * @return the live set of rules
     */
    public Faults faults() {
        return faults;
    }

    /**
     * Sets how long old versions stay readable (reads at a {@code read_time}, listener resume tokens).
     *
     * @param micros the window in microseconds, at least 0
     */
    public void retention(long micros) {
        this.retentionMicros = micros;
    }

    /** Deletes every document and forgets open transactions and history; usage and contention settings stay. */
    public void clear() {
        lock.lock();
        try {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, TreeMap<String, Document>> c : collections.entrySet()) {
                for (String id : c.getValue().keySet()) {
                    names.add(c.getKey() + "/" + id);
                }
            }
            collections.clear();
            history.clear();
            indexes.clear();
            watches.committed(names, nextCommitTime());
            transactions.clear();
            theoreticalArrival.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many documents are stored.
     *
     * @return the document count
     */
    public int documentCount() {
        lock.lock();
        try {
            int n = 0;
            for (TreeMap<String, Document> c : collections.values()) {
                n += c.size();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- names and storage

    private void checkDocumentName(String doc) {
        if (!doc.startsWith(documentsRoot + "/")) {
            throw EmulatorException.invalid("document name " + doc + " is not in database " + name);
        }
        String rel = doc.substring(documentsRoot.length() + 1);
        String[] segs = rel.split("/", -1);
        if (segs.length % 2 != 0) {
            throw EmulatorException.invalid("document name " + doc + " names a collection, not a document");
        }
        for (String s : segs) {
            if (s.isEmpty()) {
                throw EmulatorException.invalid("document name " + doc + " has an empty segment");
            }
        }
    }

    private @Nullable Document lookup(String doc) {
        int slash = doc.lastIndexOf('/');
        TreeMap<String, Document> c = collections.get(doc.substring(0, slash));
        return c == null ? null : c.get(doc.substring(slash + 1));
    }

    /** The document as of a read time ({@code null}: the latest state). */
    @Nullable Document lookupAt(String doc, @Nullable Long atMicros) {
        return atMicros == null ? lookup(doc) : history.at(doc, atMicros);
    }

    private void store(String doc, @Nullable Document value, long micros) {
        history.record(doc, micros, value, micros - retentionMicros);
        int slash = doc.lastIndexOf('/');
        String coll = doc.substring(0, slash);
        String id = doc.substring(slash + 1);
        TreeMap<String, Document> existing = collections.get(coll);
        indexes.update(coll, id, existing == null ? null : existing.get(id), value);
        if (value == null) {
            TreeMap<String, Document> c = collections.get(coll);
            if (c != null) {
                c.remove(id);
                if (c.isEmpty()) {
                    collections.remove(coll);
                }
            }
        } else {
            collections.computeIfAbsent(coll, k -> new TreeMap<>()).put(id, value);
        }
    }

    private Timestamp nextCommitTime() {
        long micros = Math.max(nowMicros(), lastMicros + 1);
        lastMicros = micros;
        return toTimestamp(micros);
    }

    private Timestamp readTime() {
        return toTimestamp(Math.max(nowMicros(), lastMicros));
    }

    /** The read time of a response: the requested one, or now. */
    private Timestamp readTime(@Nullable Long atMicros) {
        return atMicros == null ? readTime() : toTimestamp(atMicros);
    }

    /** The latest commit time (microseconds): the state now is the state at this time. */
    long latestMicros() {
        return lastMicros;
    }

    /**
     * Checks a requested read time against the retention window.
     *
     * @param t the read time
     * @return the time in microseconds, or {@code null} when it is not in the past (the latest state is read)
     * @throws EmulatorException FAILED_PRECONDITION when it is older than the window, as the service answers
     */
    @Nullable Long readMicros(Timestamp t) {
        long micros = micros(t);
        if (micros >= lastMicros) {
            return null;
        }
        if (micros < nowMicros() - retentionMicros) {
            throw EmulatorException.failedPrecondition(TOO_OLD_MESSAGE + " (read_time " + t.getSeconds() + "."
                    + String.format("%09d", t.getNanos()) + " s is older than the emulator's version retention of "
                    + retentionMicros / 1_000_000 + " s)");
        }
        return micros;
    }

    /** Whether old versions at this time are still kept. */
    boolean retained(long micros) {
        return micros >= nowMicros() - retentionMicros;
    }

    static long micros(Timestamp t) {
        return t.getSeconds() * 1_000_000L + t.getNanos() / 1_000;
    }

    static Timestamp timestamp(long micros) {
        return toTimestamp(micros);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Timestamp toTimestamp(long micros) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(micros, 1_000_000L))
                .setNanos((int) Math.floorMod(micros, 1_000_000L) * 1_000).build();
    }

    // ---------------------------------------------------------------- transactions

    private Txn newTransaction(TransactionOptions options) {
        if (options.hasReadWrite() && !options.getReadWrite().getRetryTransaction().isEmpty()) {
            transactions.remove(options.getReadWrite().getRetryTransaction());
        }
        ByteString id = ByteString.copyFrom(("txn-" + (++transactionCounter)).getBytes(StandardCharsets.UTF_8));
        Long at = options.hasReadOnly() && options.getReadOnly().hasReadTime()
                ? readMicros(options.getReadOnly().getReadTime()) : null;
        Txn t = new Txn(id, options.hasReadOnly(), at);
        transactions.put(id, t);
        return t;
    }

    private Txn transaction(ByteString id) {
        Txn t = transactions.get(id);
        if (t == null) {
            throw EmulatorException.invalid("Transaction " + id.toStringUtf8()
                    + " is invalid, committed, rolled back or has expired.");
        }
        return t;
    }

    /**
     * Handles {@code BeginTransaction}.
     *
     * @param req the request
     * @return the response with the new transaction's id
     */
    public BeginTransactionResponse begin(BeginTransactionRequest req) {
        lock.lock();
        try {
            Txn t = newTransaction(req.getOptions());
            return BeginTransactionResponse.newBuilder().setTransaction(t.id).build();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles {@code Rollback}: forgets the transaction. Rolling back a transaction that already ended
     * (committed, aborted) succeeds, as the client rolls back after an aborted commit.
     *
     * @param req the request
     */
    public void rollback(RollbackRequest req) {
        lock.lock();
        try {
            if (transactions.remove(req.getTransaction()) == null && !issuedHere(req.getTransaction())) {
                throw EmulatorException.invalid("Transaction " + req.getTransaction().toStringUtf8() + " is invalid.");
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean issuedHere(ByteString id) {
        String s = id.toStringUtf8();
        if (!s.startsWith("txn-")) {
            return false;
        }
        try {
            long n = Long.parseLong(s.substring(4));
            return n > 0 && n <= transactionCounter;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Resolves a read's consistency selector: the transaction to read in (possibly new), or none. */
    private @Nullable Txn readTransaction(ByteString transaction, @Nullable TransactionOptions newTransaction) {
        if (newTransaction != null) {
            return newTransaction(newTransaction);
        }
        if (!transaction.isEmpty()) {
            return transaction(transaction);
        }
        return null;
    }

    private void validateReadSet(Txn t) {
        for (Map.Entry<String, Document> r : t.reads.entrySet()) {
            Document now = lookup(r.getKey());
            Document seen = r.getValue() == MISSING ? null : r.getValue();
            if (now != seen) {
                throw EmulatorException.aborted(CONTENTION_MESSAGE + " (transaction " + t.id.toStringUtf8()
                        + ": document " + r.getKey() + " changed since the transaction read it)");
            }
        }
        for (QueryRead q : t.queries) {
            QueryEngine.Result again = query(q.parent(), q.query(), null);
            if (again.skipped() != q.skipped() || !sameIdentities(again.documents(), q.seen())) {
                throw EmulatorException.aborted(CONTENTION_MESSAGE + " (transaction " + t.id.toStringUtf8()
                        + ": the result of a query it ran changed)");
            }
        }
    }

    private static boolean sameIdentities(List<Document> a, List<Document> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- listen

    /**
     * Adds a target to a Listen stream: validates it, sends the initial (or resumed) state and registers it for
     * changes, all under the lock so no commit slips between the snapshot and the registration.
     *
     * @param stream the stream
     * @param target the target
     */
    void addTarget(ListenStream stream, com.google.firestore.v1.Target target) {
        lock.lock();
        try {
            watches.add(stream, target);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes a target from a stream.
     *
     * @param stream the stream
     * @param targetId the target id
     */
    void removeTarget(ListenStream stream, int targetId) {
        lock.lock();
        try {
            watches.remove(stream, targetId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets every target of a closed stream.
     *
     * @param stream the stream
     */
    void dropStream(ListenStream stream) {
        lock.lock();
        try {
            watches.drop(stream);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends every open Listen stream of this database with a status (clients that retry reconnect and resume).
     *
     * @param status the status
     * @return how many streams were ended
     */
    public int interruptListeners(io.grpc.Status status) {
        lock.lock();
        try {
            return watches.interrupt(status);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many targets are being listened to.
     *
     * @return the count over every stream
     */
    public int listenTargets() {
        lock.lock();
        try {
            return watches.size();
        } finally {
            lock.unlock();
        }
    }

    /** Checks a target's names before it is added; called under the lock. */
    void checkTarget(com.google.firestore.v1.Target t) {
        if (t.hasQuery()) {
            checkParent(t.getQuery().getParent());
            if (!t.getQuery().hasStructuredQuery()) {
                throw EmulatorException.invalid("a query target needs a structured_query");
            }
            checkFrom(t.getQuery().getStructuredQuery());
        } else if (t.hasDocuments()) {
            for (String d : t.getDocuments().getDocumentsList()) {
                checkDocumentName(d);
            }
        } else {
            throw EmulatorException.invalid("a target must set query or documents");
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Handles {@code Commit}: applies every write atomically, or none.
     *
     * @param req the request
     * @return the write results and commit time
     * @throws EmulatorException with the status the service would answer
     * @throws InterruptedException when interrupted while the contention model delays the commit
     */
    public CommitResponse commit(CommitRequest req) throws InterruptedException {
        List<Write> ws = req.getWritesList();
        Set<String> touched = new LinkedHashSet<>();
        for (Write w : ws) {
            String doc = target(w);
            checkDocumentName(doc);
            Limits.checkWritableName(doc, documentsRoot);
            touched.add(doc);
        }
        ByteString txnId = req.getTransaction();
        long waitNanos;
        lock.lock();
        try {
            if (!txnId.isEmpty()) {
                Txn t = transaction(txnId);
                if (t.readOnly && !ws.isEmpty()) {
                    throw EmulatorException.invalid("Cannot modify entities in a read-only transaction.");
                }
            }
            try {
                waitNanos = reserve(touched);
            } catch (EmulatorException e) {
                if (!txnId.isEmpty()) {
                    transactions.remove(txnId);
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
        lock.lock();
        try {
            if (!txnId.isEmpty()) {
                Txn t = transaction(txnId);
                transactions.remove(txnId);
                validateReadSet(t);
            }
            Timestamp commitTime = nextCommitTime();
            HashMap<String, Document> overlay = new HashMap<>();
            List<WriteResult> results = new ArrayList<>(ws.size());
            long nWrites = 0;
            long nDeletes = 0;
            for (Write w : ws) {
                results.add(apply(w, overlay, commitTime));
                if (w.getOperationCase() == Write.OperationCase.DELETE) {
                    nDeletes++;
                } else {
                    nWrites++;
                }
            }
            long micros = micros(commitTime);
            for (Map.Entry<String, Document> e : overlay.entrySet()) {
                store(e.getKey(), e.getValue() == DELETED ? null : e.getValue(), micros);
            }
            watches.committed(overlay.keySet(), commitTime);
            writes.addAndGet(nWrites);
            deletes.addAndGet(nDeletes);
            return CommitResponse.newBuilder().addAllWriteResults(results).setCommitTime(commitTime).build();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles {@code BatchWrite} (the BulkWriter's RPC): applies each write on its own, not atomically, and
     * reports a status per write.
     *
     * @param req the request
     * @return results and statuses, one per write
     * @throws InterruptedException when interrupted while the contention model delays a write
     */
    public BatchWriteResponse batchWrite(BatchWriteRequest req) throws InterruptedException {
        BatchWriteResponse.Builder out = BatchWriteResponse.newBuilder();
        for (Write w : req.getWritesList()) {
            try {
                CommitResponse r = commit(CommitRequest.newBuilder().setDatabase(name).addWrites(w).build());
                out.addWriteResults(r.getWriteResults(0));
                out.addStatus(com.google.rpc.Status.newBuilder().setCode(0));
            } catch (EmulatorException e) {
                out.addWriteResults(WriteResult.getDefaultInstance());
                out.addStatus(com.google.rpc.Status.newBuilder().setCode(e.code().value()).setMessage(e.getMessage()));
            }
        }
        return out.build();
    }

    private static String target(Write w) {
        switch (w.getOperationCase()) {
            case UPDATE: return w.getUpdate().getName();
            case DELETE: return w.getDelete();
            case TRANSFORM: return w.getTransform().getDocument();
            default: throw EmulatorException.invalid("write must set one of update, delete, transform");
        }
    }

    /** Reserves contention capacity for every document; returns how long the commit must wait. */
    private long reserve(Set<String> docs) {
        Contention c = contention;
        if (!c.enabled() || docs.isEmpty()) {
            return 0;
        }
        long now = c.ticker().read();
        long interval = Math.max(1L, Math.round(1e9 / c.writesPerSecond()));
        long tolerance = interval * c.burst();
        long worst = 0;
        for (String d : docs) {
            long tat = Math.max(theoreticalArrival.getOrDefault(d, now), now);
            worst = Math.max(worst, tat + interval - now - tolerance);
        }
        if (worst > c.maxWait().toNanos()) {
            throw EmulatorException.aborted(CONTENTION_MESSAGE + " (contention model: " + c + "; "
                    + docs.size() + " document(s) written, the next free slot is " + worst / 1_000_000 + " ms away)");
        }
        for (String d : docs) {
            long tat = Math.max(theoreticalArrival.getOrDefault(d, now), now);
            theoreticalArrival.put(d, tat + interval);
        }
        if (theoreticalArrival.size() > 10_000) {
            theoreticalArrival.values().removeIf(tat -> tat <= now);
        }
        return Math.max(0, worst);
    }

    private WriteResult apply(Write w, HashMap<String, Document> overlay, Timestamp commitTime) {
        String doc = target(w);
        Document cur = overlay.containsKey(doc) ? overlay.get(doc) : lookup(doc);
        if (cur == DELETED) {
            cur = null;
        }
        if (w.hasCurrentDocument()) {
            Precondition p = w.getCurrentDocument();
            switch (p.getConditionTypeCase()) {
                case EXISTS:
                    if (p.getExists() && cur == null) {
                        throw EmulatorException.notFound("No document to update: " + doc);
                    }
                    if (!p.getExists() && cur != null) {
                        throw EmulatorException.alreadyExists("Document already exists: " + doc);
                    }
                    break;
                case UPDATE_TIME:
                    if (cur == null || !cur.getUpdateTime().equals(p.getUpdateTime())) {
                        throw EmulatorException.failedPrecondition("The update_time precondition of the write to "
                                + doc + " does not match the document's update time"
                                + (cur == null ? " (the document does not exist)" : ""));
                    }
                    break;
                default:
                    break;
            }
        }
        if (w.getOperationCase() == Write.OperationCase.DELETE) {
            overlay.put(doc, DELETED);
            return WriteResult.getDefaultInstance();
        }
        Map<String, Value> fields;
        List<FieldTransform> transforms;
        if (w.getOperationCase() == Write.OperationCase.UPDATE) {
            Document u = w.getUpdate();
            if (w.hasUpdateMask()) {
                fields = cur == null ? new HashMap<>() : new HashMap<>(cur.getFieldsMap());
                for (String path : w.getUpdateMask().getFieldPathsList()) {
                    FieldPath fp = FieldPath.parse(path);
                    Value v = fp.get(u.getFieldsMap());
                    if (v != null) {
                        fp.set(fields, v);
                    } else {
                        fp.delete(fields);
                    }
                }
            } else {
                fields = new HashMap<>(u.getFieldsMap());
            }
            transforms = w.getUpdateTransformsList();
        } else {
            fields = cur == null ? new HashMap<>() : new HashMap<>(cur.getFieldsMap());
            transforms = w.getTransform().getFieldTransformsList();
        }
        WriteResult.Builder result = WriteResult.newBuilder();
        for (FieldTransform t : transforms) {
            FieldPath fp = FieldPath.parse(t.getFieldPath());
            Value nv = Transforms.apply(t, fp.get(fields), commitTime);
            fp.set(fields, nv);
            result.addTransformResults(Transforms.result(t, nv));
        }
        Document next;
        if (cur != null && cur.getFieldsMap().equals(fields)) {
            next = cur; // nothing changed: the service keeps the previous update time
        } else {
            next = Document.newBuilder().setName(doc).putAllFields(fields)
                    .setCreateTime(cur == null ? commitTime : cur.getCreateTime()).setUpdateTime(commitTime).build();
            Limits.checkDocument(next);
        }
        overlay.put(doc, next);
        return result.setUpdateTime(next.getUpdateTime()).build();
    }

    // ---------------------------------------------------------------- reads

    /**
     * Handles {@code BatchGetDocuments}: one response per requested document, found or missing.
     *
     * @param req the request
     * @return the responses to stream, in request order
     */
    public List<BatchGetDocumentsResponse> batchGet(BatchGetDocumentsRequest req) {
        for (String d : req.getDocumentsList()) {
            checkDocumentName(d);
        }
        lock.lock();
        try {
            Txn t = readTransaction(req.getTransaction(), req.hasNewTransaction() ? req.getNewTransaction() : null);
            Long at = readAt(t, req.hasReadTime() ? req.getReadTime() : null);
            Timestamp readTime = readTime(at);
            List<BatchGetDocumentsResponse> out = new ArrayList<>();
            for (String d : req.getDocumentsList()) {
                Document doc = lookupAt(d, at);
                if (t != null && !t.readOnly) {
                    t.reads.putIfAbsent(d, doc == null ? MISSING : doc);
                }
                BatchGetDocumentsResponse.Builder r = BatchGetDocumentsResponse.newBuilder().setReadTime(readTime);
                if (doc == null) {
                    r.setMissing(d);
                } else {
                    r.setFound(req.hasMask() ? mask(doc, req.getMask()) : doc);
                }
                if (out.isEmpty() && req.hasNewTransaction()) {
                    r.setTransaction(t.id);
                }
                out.add(r.build());
            }
            if (out.isEmpty() && req.hasNewTransaction()) {
                out.add(BatchGetDocumentsResponse.newBuilder().setTransaction(t.id).setReadTime(readTime).build());
            }
            reads.addAndGet(Math.max(1, req.getDocumentsCount()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    private static Document mask(Document doc, DocumentMask mask) {
        Map<String, Value> fields = new HashMap<>();
        for (String path : mask.getFieldPathsList()) {
            FieldPath fp = FieldPath.parse(path);
            Value v = fp.get(doc.getFieldsMap());
            if (v != null) {
                fp.set(fields, v);
            }
        }
        return doc.toBuilder().clearFields().putAllFields(fields).build();
    }

    /** Resolves the read time of a read: its transaction's, the request's, or the latest state ({@code null}). */
    private @Nullable Long readAt(@Nullable Txn t, @Nullable Timestamp requested) {
        if (t != null && t.readMicros != null) {
            return t.readMicros;
        }
        return requested == null ? null : readMicros(requested);
    }

    /**
     * Runs a query as of a read time ({@code null}: the latest state): over one collection's ordered index when
     * the query's order allows it, else by filtering and sorting the documents in scope.
     */
    QueryEngine.Result query(String parent, StructuredQuery q, @Nullable Long atMicros) {
        checkFrom(q);
        if (atMicros == null && !q.getFrom(0).getAllDescendants()) {
            String coll = parent + "/" + q.getFrom(0).getCollectionId();
            List<QueryEngine.Order> orders = QueryEngine.effectiveOrders(q);
            Iterable<Document> ordered = indexes.ordered(coll, collections.get(coll), q, orders);
            if (ordered != null) {
                return QueryEngine.runOrdered(q, orders, ordered);
            }
        }
        return QueryEngine.run(q, candidatesAt(parent, q, atMicros));
    }

    /** The documents in a query's scope as of a read time ({@code null}: the latest state). */
    List<Document> candidatesAt(String parent, StructuredQuery q, @Nullable Long atMicros) {
        if (atMicros == null) {
            return candidates(parent, q);
        }
        checkFrom(q);
        StructuredQuery.CollectionSelector sel = q.getFrom(0);
        List<Document> out = new ArrayList<>();
        if (!sel.getAllDescendants()) {
            history.collectionAt(parent + "/" + sel.getCollectionId(), atMicros, out);
            return out;
        }
        String prefix = parent + "/";
        for (String coll : history.collections()) {
            if (coll.startsWith(prefix)
                    && (sel.getCollectionId().isEmpty() || coll.substring(coll.lastIndexOf('/') + 1).equals(sel.getCollectionId()))) {
                history.collectionAt(coll, atMicros, out);
            }
        }
        return out;
    }

    private static void checkFrom(StructuredQuery q) {
        if (q.getFromCount() != 1) {
            throw EmulatorException.invalid("a query must select exactly one collection (from), had " + q.getFromCount());
        }
        StructuredQuery.CollectionSelector sel = q.getFrom(0);
        if (!sel.getAllDescendants() && (sel.getCollectionId().isEmpty() || sel.getCollectionId().contains("/"))) {
            throw EmulatorException.invalid("collection_id must be a single non-empty segment, was '"
                    + sel.getCollectionId() + "'");
        }
    }

    /** The documents in a query's scope (its {@code from} under {@code parent}). */
    private List<Document> candidates(String parent, StructuredQuery q) {
        if (q.getFromCount() != 1) {
            throw EmulatorException.invalid("a query must select exactly one collection (from), had " + q.getFromCount());
        }
        StructuredQuery.CollectionSelector sel = q.getFrom(0);
        List<Document> out = new ArrayList<>();
        if (!sel.getAllDescendants()) {
            if (sel.getCollectionId().isEmpty() || sel.getCollectionId().contains("/")) {
                throw EmulatorException.invalid("collection_id must be a single non-empty segment, was '"
                        + sel.getCollectionId() + "'");
            }
            TreeMap<String, Document> c = collections.get(parent + "/" + sel.getCollectionId());
            if (c != null) {
                out.addAll(c.values());
            }
            return out;
        }
        String prefix = parent + "/";
        for (Map.Entry<String, TreeMap<String, Document>> e : collections.entrySet()) {
            String coll = e.getKey();
            if (coll.startsWith(prefix)
                    && (sel.getCollectionId().isEmpty() || coll.substring(coll.lastIndexOf('/') + 1).equals(sel.getCollectionId()))) {
                out.addAll(e.getValue().values());
            }
        }
        return out;
    }

    private void checkParent(String parent) {
        if (parent.equals(documentsRoot)) {
            return;
        }
        checkDocumentName(parent);
    }

    /**
     * Handles {@code RunQuery}.
     *
     * @param req the request
     * @return the responses to stream: one per document, or a single one with only {@code read_time} (and the
     *     transaction, when one was begun) when nothing matched
     */
    public List<RunQueryResponse> runQuery(RunQueryRequest req) {
        checkParent(req.getParent());
        if (!req.hasStructuredQuery()) {
            throw EmulatorException.invalid("RunQuery needs a structured_query");
        }
        StructuredQuery q = req.getStructuredQuery();
        lock.lock();
        try {
            Txn t = readTransaction(req.getTransaction(), req.hasNewTransaction() ? req.getNewTransaction() : null);
            Long at = readAt(t, req.hasReadTime() ? req.getReadTime() : null);
            QueryEngine.Result r = query(req.getParent(), q, at);
            if (t != null && !t.readOnly) {
                t.queries.add(new QueryRead(req.getParent(), q, r.documents(), r.skipped()));
            }
            Timestamp readTime = readTime(at);
            List<RunQueryResponse> out = new ArrayList<>();
            for (Document d : r.documents()) {
                RunQueryResponse.Builder b = RunQueryResponse.newBuilder().setDocument(QueryEngine.project(q, d))
                        .setReadTime(readTime);
                if (out.isEmpty()) {
                    b.setSkippedResults(r.skipped());
                    if (req.hasNewTransaction()) {
                        b.setTransaction(t.id);
                    }
                }
                out.add(b.build());
            }
            if (out.isEmpty()) {
                RunQueryResponse.Builder b = RunQueryResponse.newBuilder().setReadTime(readTime).setSkippedResults(r.skipped());
                if (req.hasNewTransaction()) {
                    b.setTransaction(t.id);
                }
                out.add(b.build());
            }
            reads.addAndGet(Math.max(1, r.documents().size() + r.skipped()));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles {@code RunAggregationQuery}: count (with {@code up_to}), sum and avg over the query's results.
     *
     * @param req the request
     * @return the single response
     */
    public RunAggregationQueryResponse runAggregation(RunAggregationQueryRequest req) {
        checkParent(req.getParent());
        if (!req.hasStructuredAggregationQuery()) {
            throw EmulatorException.invalid("RunAggregationQuery needs a structured_aggregation_query");
        }
        StructuredAggregationQuery aq = req.getStructuredAggregationQuery();
        StructuredQuery q = aq.getStructuredQuery();
        if (aq.getAggregationsCount() == 0) {
            throw EmulatorException.invalid("an aggregation query needs at least one aggregation");
        }
        Limits.checkAggregationCount(aq.getAggregationsCount());
        lock.lock();
        try {
            Txn t = readTransaction(req.getTransaction(), req.hasNewTransaction() ? req.getNewTransaction() : null);
            Long at = readAt(t, req.hasReadTime() ? req.getReadTime() : null);
            QueryEngine.Result r = query(req.getParent(), q, at);
            if (t != null && !t.readOnly) {
                t.queries.add(new QueryRead(req.getParent(), q, r.documents(), r.skipped()));
            }
            AggregationResult.Builder result = AggregationResult.newBuilder();
            // like the service, every aggregation of the query (count included) sees only the documents that have
            // every field a sum or avg aggregates
            List<Document> inScope = Aggregations.withFields(aq.getAggregationsList(), r.documents());
            int i = 0;
            Set<String> aliases = new TreeSet<>();
            for (StructuredAggregationQuery.Aggregation a : aq.getAggregationsList()) {
                i++;
                String alias = a.getAlias().isEmpty() ? "field_" + i : a.getAlias();
                if (!aliases.add(alias)) {
                    throw EmulatorException.invalid("duplicate aggregation alias " + alias);
                }
                result.putAggregateFields(alias, Aggregations.compute(a, inScope));
            }
            RunAggregationQueryResponse.Builder b = RunAggregationQueryResponse.newBuilder().setResult(result)
                    .setReadTime(readTime(at));
            if (req.hasNewTransaction()) {
                b.setTransaction(t.id);
            }
            long entries = r.documents().size() + (long) r.skipped();
            reads.addAndGet(Math.max(1, (entries + 999) / 1000));
            return b.build();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles {@code ListDocuments} for one collection, by document id, paged by {@code page_size} /
     * {@code page_token}. With {@code show_missing} (which the Java client's {@code listDocuments()} sets), ids that
     * have no document but have subcollections are listed too, as documents without fields or times.
     *
     * @param req the request
     * @return one page of documents
     */
    public ListDocumentsResponse listDocuments(ListDocumentsRequest req) {
        checkParent(req.getParent());
        if (req.getCollectionId().isEmpty() || req.getCollectionId().contains("/")) {
            throw EmulatorException.invalid("collection_id must be a single non-empty segment, was '"
                    + req.getCollectionId() + "'");
        }
        lock.lock();
        try {
            String coll = req.getParent() + "/" + req.getCollectionId();
            TreeMap<String, Document> byId = new TreeMap<>(Values::compareStrings);
            TreeMap<String, Document> c = collections.get(coll);
            if (c != null) {
                byId.putAll(c);
            }
            if (req.getShowMissing()) {
                String prefix = coll + "/";
                for (String other : collections.keySet()) {
                    if (other.startsWith(prefix)) {
                        String id = other.substring(prefix.length(), other.indexOf('/', prefix.length()));
                        byId.putIfAbsent(id, Document.newBuilder().setName(coll + "/" + id).build());
                    }
                }
            }
            ListDocumentsResponse.Builder b = ListDocumentsResponse.newBuilder();
            int size = req.getPageSize() > 0 ? req.getPageSize() : Integer.MAX_VALUE;
            Map<String, Document> page = req.getPageToken().isEmpty() ? byId : byId.tailMap(req.getPageToken(), false);
            String lastId = null;
            for (Map.Entry<String, Document> e : page.entrySet()) {
                if (b.getDocumentsCount() == size) {
                    b.setNextPageToken(lastId);
                    break;
                }
                Document d = e.getValue();
                b.addDocuments(req.hasMask() && d.hasUpdateTime() ? mask(d, req.getMask()) : d);
                lastId = e.getKey();
            }
            reads.addAndGet(Math.max(1, b.getDocumentsCount()));
            return b.build();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Handles {@code ListCollectionIds}: the ids of the collections directly under the parent.
     *
     * @param req the request
     * @return the sorted collection ids
     */
    public ListCollectionIdsResponse listCollectionIds(ListCollectionIdsRequest req) {
        checkParent(req.getParent());
        lock.lock();
        try {
            TreeSet<String> ids = new TreeSet<>(Values::compareStrings);
            String prefix = req.getParent() + "/";
            for (String coll : collections.keySet()) {
                if (coll.startsWith(prefix)) {
                    String rest = coll.substring(prefix.length());
                    int slash = rest.indexOf('/');
                    ids.add(slash < 0 ? rest : rest.substring(0, slash));
                }
            }
            reads.incrementAndGet();
            return ListCollectionIdsResponse.newBuilder().addAllCollectionIds(ids).build();
        } finally {
            lock.unlock();
        }
    }
}
