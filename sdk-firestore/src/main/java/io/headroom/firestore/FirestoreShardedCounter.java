package io.headroom.firestore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.api.core.ApiFuture;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreException;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.CounterStats;
import io.headroom.counter.ShardedCounter;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.internal.CounterChecks;
import io.headroom.internal.BufferedShardedCounter;
import io.headroom.internal.IncrementBuffer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import io.headroom.internal.Futures;

/**
 * A {@link ShardedCounter} on Firestore: N shard documents per counter, client-side coalescing, automatic shard
 * growth on contention, exactly-once writes.
 *
 * <h2>Documents</h2>
 * Counter {@code id} of family {@code name} lives under {@code <collection>/<name>~<id>} (the id with {@code %} and
 * {@code /} percent-encoded; ids over 1400 UTF-8 bytes are replaced by {@code h:<sha-256>}): shard documents
 * {@code shards/<i>} with one integer field {@code v}, and idempotency token documents {@code tokens/<token>} with a
 * timestamp field {@code expireAt} for a Firestore TTL policy on the collection group {@code tokens}
 * ({@link FirestoreCounterOptions#tokenRetention()}).
 *
 * <h2>Writes: coalesced, acknowledged when flushed</h2>
 * An increment is accepted at once and summed with the other increments of its counter into the next write of its
 * shard; each shard document gets at most one write per {@link CounterConfig#coalescingWindow()} (default 1 s) from
 * this instance, and one write may carry thousands of increments. Accepted increments become durable when that write
 * commits: {@link #awaitDurable()} waits for it, {@link #flush()} writes now, {@link #close()} flushes. Each
 * instance keeps writing a counter to one shard ("its" shard) while a window is set, so a counter costs one write per
 * window per instance; without a window ({@link Duration#ZERO}) each increment picks a random active shard.
 *
 * <h2>Exactly once</h2>
 * A write is one atomic batch: {@code create} of the token document {@code <writer>-<seq>} (precondition: does not
 * exist) plus {@code FieldValue.increment(delta)} on the shard. A write retried after a timeout or {@code UNAVAILABLE}
 * whose first attempt did commit fails as a whole with {@code ALREADY_EXISTS} on its token, which is taken as success:
 * the increment is never applied twice, and no read is needed. {@code ABORTED} (contention) means nothing was
 * applied; the write is retried with backoff.
 *
 * <h2>Shard growth</h2>
 * Each counter starts with {@link CounterConfig#shards()} active shards in this instance. When a write to it fails
 * with {@code ABORTED} (the document is written faster than Firestore sustains), its active shard count doubles, up to
 * {@link CounterConfig#maxShards()}, and this instance moves to a random active shard. Reads sum every shard document
 * that exists, so growth needs no coordination between instances.
 *
 * <h2>Reads, resets, overflow</h2>
 * {@link FirestoreCounterOptions.ReadMode#AGGREGATION} sums the shards with one {@code sum("v")} aggregation (one
 * billed read); {@link FirestoreCounterOptions.ReadMode#BATCH_GET} reads {@code maxShards} documents. A reset takes
 * each existing shard in a transaction that reads a per-reset token document first and records what it took in
 * it, so a retried reset answers the same value. Firestore saturates integer increments at the {@code long} range
 * instead of failing, so increments cannot be refused for overflow: a read that finds a shard or the sum at
 * {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}, or a sum beyond them, reports {@link CounterOverflowException}.
 *
 * <p>Outages: as {@link CounterConfig} describes (buffer-and-retry); every call has
 * {@link FirestoreCounterOptions#timeout()} and a circuit breaker. Thread-safe; never closes the Firestore client.
 */
public final class FirestoreShardedCounter extends BufferedShardedCounter {

    /** The default coalescing window: one write per shard document per second, Firestore's sustained rate. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

    private final Firestore db;
    private final FirestoreCounterOptions options;
    private final Duration window;
    private final BackendGuard guard;
    private final String writerId;
    private final Cache<String, Shards> shardsByCounter;
    private final AtomicInteger largestShardCount;
    private final LongAdder growths = new LongAdder();
    private final AtomicLong resetTokens = new AtomicLong();
    private final ConcurrentHashMap<String, CompletableFuture<Long>> resetChains = new ConcurrentHashMap<>();

    /** This instance's shard choice for one counter. */
    private static final class Shards {
        volatile int active;
        volatile int mine;

        Shards(int active) {
            this.active = active;
            this.mine = ThreadLocalRandom.current().nextInt(active);
        }
    }

    private FirestoreShardedCounter(Firestore db, CounterConfig config, FirestoreCounterOptions options) {
        super(config, config.coalescingWindow() == null ? DEFAULT_WINDOW : config.coalescingWindow(),
                "headroom-counter-firestore-reset-" + config.name());
        this.db = db;
        this.options = options;
        this.window = config.coalescingWindow() == null ? DEFAULT_WINDOW : config.coalescingWindow();
        this.guard = BackendGuard.create("headroom-counter-firestore-" + config.name(), options.timeout(),
                options.circuitBreakerConfig());
        this.writerId = buffer.writerId();
        this.shardsByCounter = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10))
                .build();
        this.largestShardCount = new AtomicInteger(config.shards());
    }

    /**
     * Creates a counter with {@link FirestoreCounterOptions#defaults()}.
     *
     * @param db the Firestore client; never closed by the counter
     * @param config the configuration
     * @return the counter; close it to flush
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FirestoreShardedCounter create(Firestore db, CounterConfig config) {
        return create(db, config, FirestoreCounterOptions.defaults());
    }

    /**
     * Creates a counter.
     *
     * @param db the Firestore client; never closed by the counter
     * @param config the configuration
     * @param options collection, read mode, timeout, breaker, token retention
     * @return the counter; close it to flush
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FirestoreShardedCounter create(Firestore db, CounterConfig config, FirestoreCounterOptions options) {
        return new FirestoreShardedCounter(Arguments.notNull(db, "db"), Arguments.notNull(config, "config"),
                Arguments.notNull(options, "options"));
    }

    // ------------------------------------------------------------------------------------------------ layout

    /** The document id of a counter: {@code <name>~<id>}, percent-encoding {@code %} and {@code /}. */
    static String documentId(String name, String counterId) {
        String escaped = counterId.replace("%", "%25").replace("/", "%2F");
        if (escaped.getBytes(StandardCharsets.UTF_8).length > 1400) {
            try {
                escaped = "h:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(counterId.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }
        return name + "~" + escaped;
    }

    DocumentReference counterDocument(String counterId) {
        return db.collection(options.collection()).document(documentId(config.name(), counterId));
    }

    CollectionReference shards(String counterId) {
        return counterDocument(counterId).collection("shards");
    }

    private DocumentReference token(String counterId, String token) {
        return counterDocument(counterId).collection("tokens").document(token);
    }

    private Timestamp expireAt() {
        return Timestamp.ofTimeMicroseconds((System.currentTimeMillis() + options.tokenRetention().toMillis()) * 1_000);
    }

    // ------------------------------------------------------------------------------------------------ writes

    @Override
    protected CompletableFuture<Void> write(String counterId, int shard, long seq, long delta) {
        return guard.<List<com.google.cloud.firestore.WriteResult>>call(() -> {
            WriteBatch batch = db.batch();
            batch.create(token(counterId, writerId + "-" + seq), Map.of("expireAt", expireAt()));
            batch.set(shards(counterId).document(Integer.toString(shard)), Map.of("v", FieldValue.increment(delta)),
                    SetOptions.merge());
            return completable(batch.commit());
        }).handle((r, e) -> {
            if (e == null) {
                return null;
            }
            Status.Code code = code(e);
            if (code == Status.Code.ALREADY_EXISTS) {
                return null; // the token exists: an earlier attempt of this write committed
            }
            if (code == Status.Code.ABORTED) {
                grow(counterId);
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
    }

    private void grow(String counterId) {
        Shards s = shardsByCounter.get(counterId, id -> new Shards(config.shards()));
        synchronized (s) {
            int grown = Math.min(config.maxShards(), Math.max(s.active + 1, s.active * 2));
            if (grown > s.active) {
                s.active = grown;
                growths.increment();
                largestShardCount.accumulateAndGet(grown, Math::max);
            }
            s.mine = ThreadLocalRandom.current().nextInt(s.active);
        }
    }

    /** The gRPC status code of a Firestore failure, or {@code UNKNOWN}. */
    static Status.Code code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return Status.Code.valueOf(api.getStatusCode().getCode().name());
            }
            if (t instanceof FirestoreException fe && fe.getStatus() != null) {
                return fe.getStatus().getCode();
            }
            if (t instanceof StatusRuntimeException sre) {
                return sre.getStatus().getCode();
            }
        }
        return Status.Code.UNKNOWN;
    }

    static <T> CompletableFuture<T> completable(ApiFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ApiFutures.addCallback(future, new ApiFutureCallback<T>() {
            @Override
            public void onFailure(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onSuccess(T value) {
                result.complete(value);
            }
        }, Runnable::run);
        return result;
    }

    @Override
    public CompletionStage<Void> incrementAsync(String counterId, long delta) {
        CounterChecks.id(counterId);
        CounterChecks.delta(delta);
        Shards s = shardsByCounter.get(counterId, id -> new Shards(config.shards()));
        int shard = window.isZero() ? ThreadLocalRandom.current().nextInt(s.active) : s.mine;
        return buffer.submit(counterId, shard, delta);
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    public CompletionStage<Long> getAsync(String counterId) {
        CounterChecks.id(counterId);
        return read(counterId);
    }

    @Override
    public CompletionStage<Map<String, Long>> getAllAsync(Collection<String> counterIds) {
        CounterChecks.ids(counterIds);
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(counterIds));
        List<CompletableFuture<Long>> values = new ArrayList<>();
        for (String id : ids) {
            values.add(read(id));
        }
        return CompletableFuture.allOf(values.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Long> result = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                result.put(ids.get(i), values.get(i).join());
            }
            return Collections.unmodifiableMap(result);
        });
    }

    private CompletableFuture<Long> read(String counterId) {
        CompletableFuture<Long> sum = options.readMode() == FirestoreCounterOptions.ReadMode.AGGREGATION
                ? guard.<AggregateQuerySnapshot>call(() -> completable(
                        shards(counterId).aggregate(AggregateField.sum("v")).get()))
                        .thenApply(snapshot -> {
                            Object v = snapshot.get(AggregateField.sum("v"));
                            if (v instanceof Double) {
                                throw new CounterOverflowException(config.name(), counterId, "sum of shards");
                            }
                            return checkSaturation(counterId, v == null ? 0 : ((Number) v).longValue());
                        })
                : guard.<List<DocumentSnapshot>>call(() -> {
                    DocumentReference[] refs = new DocumentReference[config.maxShards()];
                    for (int i = 0; i < refs.length; i++) {
                        refs[i] = shards(counterId).document(Integer.toString(i));
                    }
                    return completable(db.getAll(refs));
                }).thenApply(docs -> {
                    long total = 0;
                    for (DocumentSnapshot d : docs) {
                        Long v = d.exists() ? d.getLong("v") : null;
                        try {
                            total = Math.addExact(total, checkSaturation(counterId, v == null ? 0 : v));
                        } catch (ArithmeticException overflow) {
                            throw new CounterOverflowException(config.name(), counterId, "sum of shards");
                        }
                    }
                    return total;
                });
        return sum.handle((v, e) -> {
            if (e == null) {
                return v;
            }
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof CounterOverflowException overflow) {
                throw overflow;
            }
            throw new BackendUnavailableException("counter '" + config.name() + "': cannot read \"" + counterId
                    + "\" from Firestore: " + cause, cause);
        });
    }

    private long checkSaturation(String counterId, long v) {
        if (v == Long.MAX_VALUE || v == Long.MIN_VALUE) {
            throw new CounterOverflowException(config.name(), counterId,
                    "Firestore saturated the value at " + v);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------ reset

    @Override
    public CompletionStage<Long> resetAsync(String counterId) {
        CounterChecks.id(counterId);
        checkOpen();
        CompletableFuture<Long> result = new CompletableFuture<>();
        CompletableFuture<?>[] previous = new CompletableFuture<?>[1];
        resetChains.compute(counterId, (id, p) -> {
            previous[0] = p;
            return result;
        });
        CompletableFuture<?> before = previous[0] == null ? CompletableFuture.completedFuture(null)
                : previous[0].handle((r, e) -> null);
        before.thenCompose(x -> doReset(counterId)).whenComplete((r, e) -> {
            resetChains.remove(counterId, result);
            if (e == null) {
                result.complete(r);
            } else {
                result.completeExceptionally(Futures.unwrap(e));
            }
        });
        return result.copy();
    }

    private CompletableFuture<Long> doReset(String counterId) {
        long deadline = System.nanoTime() + config.flushTimeout().toNanos();
        String token = "r-" + writerId + "-" + resetTokens.incrementAndGet();
        return buffer.flush(counterId).orTimeout(config.flushTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(e -> {
                    throw new CompletionException(new BackendUnavailableException("counter '" + config.name()
                            + "': increments of \"" + counterId + "\" accepted before the reset are not durable; "
                            + "reset not done", Futures.unwrap(e)));
                })
                .thenCompose(flushed -> retrying(deadline, () -> guard.<List<DocumentReference>>call(() -> {
                    // every shard document that exists, grown by any instance
                    List<DocumentReference> refs = new ArrayList<>();
                    CompletableFuture<List<DocumentReference>> listed = new CompletableFuture<>();
                    try {
                        shards(counterId).listDocuments().forEach(refs::add);
                        listed.complete(refs);
                    } catch (RuntimeException e) {
                        listed.completeExceptionally(e);
                    }
                    return listed;
                })))
                .thenCompose(refs -> {
                    List<CompletableFuture<Long>> parts = new ArrayList<>();
                    for (DocumentReference shard : refs) {
                        parts.add(retrying(deadline, () -> resetShard(counterId, shard, token + "-" + shard.getId())));
                    }
                    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
                        long sum = 0;
                        for (CompletableFuture<Long> p : parts) {
                            try {
                                sum = Math.addExact(sum, p.join());
                            } catch (ArithmeticException overflow) {
                                throw new CounterOverflowException(config.name(), counterId, "sum of shards reset");
                            }
                        }
                        return sum;
                    });
                })
                .handle((v, e) -> {
                    if (e == null) {
                        return v;
                    }
                    Throwable cause = Futures.unwrap(e);
                    if (cause instanceof RuntimeException re && (cause instanceof BackendUnavailableException
                            || cause instanceof CounterOverflowException)) {
                        throw re;
                    }
                    throw new BackendUnavailableException("counter '" + config.name() + "': reset of \"" + counterId
                            + "\" not confirmed within " + config.flushTimeout() + "; it may or may not have happened",
                            cause);
                });
    }

    /** Takes one shard in a transaction; the token document makes a retried take answer what the first took. */
    private CompletableFuture<Long> resetShard(String counterId, DocumentReference shard, String tokenId) {
        DocumentReference token = token(counterId, tokenId);
        return guard.call(() -> completable(db.runTransaction(tx -> {
            DocumentSnapshot done = tx.get(token).get();
            DocumentSnapshot s = tx.get(shard).get();
            if (done.exists()) {
                Long taken = done.getLong("taken");
                return taken == null ? 0L : taken;
            }
            Long v = s.exists() ? s.getLong("v") : null;
            if (v == null || v == 0) {
                return 0L; // nothing to take: a retry may take what arrived since, which was concurrent anyway
            }
            tx.update(shard, "v", 0L);
            tx.create(token, Map.of("taken", v, "expireAt", expireAt()));
            return v;
        })));
    }

    private <T> CompletableFuture<T> retrying(long deadline, java.util.function.Supplier<CompletableFuture<T>> call) {
        Retry retry = Retry.of("headroom-counter-firestore-reset", RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(config.retryInitialBackoff(), 2.0, 0.5,
                        config.retryMaxBackoff()))
                .retryOnException(e -> System.nanoTime() - deadline < 0
                        && !(Futures.unwrap(e) instanceof CounterOverflowException))
                .failAfterMaxAttempts(false)
                .build());
        return retry.executeCompletionStage(retryScheduler, call::get).toCompletableFuture();
    }

    // ------------------------------------------------------------------------------------------------ rest

    /**
     * {@inheritDoc} {@link CounterStats#shards()} is the largest active shard count any counter of this instance grew
     * to.
     */
    @Override
    public CounterStats stats() {
        return new CounterStats(buffer.pending(), buffer.writes(), buffer.retries(), buffer.rejected(), 0,
                largestShardCount.get());
    }

    /**
     * How many times a counter's active shard count grew because of contention.
     *
     * @return the count
     */
    public long shardGrowths() {
        return growths.sum();
    }

    /**
     * The coalescing window in effect.
     *
     * @return the window
     */
    public Duration window() {
        return window;
    }

    /**
     * The circuit breaker around Firestore calls.
     *
     * @return the breaker
     */
    public CircuitBreaker circuitBreaker() {
        return guard.circuitBreaker();
    }

    @Override
    public String toString() {
        return "FirestoreShardedCounter[" + config.name() + ", window " + window + ", shards " + config.shards() + ".."
                + config.maxShards() + "]";
    }
}
