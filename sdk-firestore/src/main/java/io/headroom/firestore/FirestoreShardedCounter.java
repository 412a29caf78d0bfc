package io.headroom.firestore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.AggregateField;
import com.google.cloud.firestore.AggregateQuerySnapshot;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import io.grpc.Status;
import io.headroom.Ticker;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.CounterOverflowException;
import io.headroom.counter.CounterStats;
import io.headroom.counter.ShardedCounter;
import io.headroom.firestore.internal.FirestoreErrors;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.spi.BufferedShardedCounter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ShardedCounter} on Firestore: N shard documents per counter, client-side coalescing, automatic shard
 * growth on contention, exactly-once writes.
 *
 * <h2>Documents</h2>
 * Counter {@code id} of family {@code name} lives under {@code <collection>/<name>~<id>}, where the collection is
 * {@link FirestoreSettings#collection(String) settings.collection("counters")} ({@code headroom_counters} by default) (the id with {@code %} and
 * {@code /} percent-encoded; ids over 1400 UTF-8 bytes are replaced by {@code h:<sha-256>}): shard documents
 * {@code shards/<i>} with one integer field {@code v}, and idempotency token documents {@code tokens/<token>} with a
 * timestamp field {@code expireAt} for a Firestore TTL policy on the collection group {@code tokens}
 * ({@link FirestoreSettings#counterTokenRetention()}).
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
 * {@link FirestoreSettings.CounterReadMode#AGGREGATION} sums the shards with one {@code sum("v")} aggregation
 * (one billed read); {@link FirestoreSettings.CounterReadMode#BATCH_GET} reads {@code maxShards} documents. A reset takes
 * each existing shard in a transaction that reads a per-reset token document first and records what it took in
 * it, so a retried reset answers the same value. Firestore saturates integer increments at the {@code long} range
 * instead of failing, so increments cannot be refused for overflow: a read that finds a shard or the sum at
 * {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE}, or a sum beyond them, reports {@link CounterOverflowException}.
 *
 * <h2>Outages, time, lifecycle</h2>
 * Outage policy {@link io.headroom.counter.CounterOutagePolicy#BUFFER_AND_RETRY} (chosen in {@link CounterConfig}):
 * every call goes through the {@link FirestoreBackend} with {@link FirestoreSettings#timeout()} and a circuit breaker
 * of its own; failures are translated there. Elapsed time (coalescing window, reset deadline, breaker, the shard
 * cache's idle expiry) comes from the {@link Ticker}, the token documents' {@code expireAt} from the {@link Clock}
 * given to {@link #create(FirestoreBackend, CounterConfig, FirestoreSettings, Ticker, Clock)} (defaults
 * {@link Ticker#system()} and {@link Clock#systemUTC()}). After {@link #close()} every call but {@code config()},
 * {@code stats()} and {@code close()} throws {@link io.headroom.ClosedException}. Thread-safe; never closes the
 * Firestore client.
 */
public final class FirestoreShardedCounter extends BufferedShardedCounter {

    /** The default coalescing window: one write per shard document per second, Firestore's sustained rate. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

    private final FirestoreBackend backend;
    private final Firestore db;
    private final FirestoreSettings settings;
    private final String collection;
    private final Duration window;
    private final BackendGuard guard;
    private final Clock clock;
    private final Cache<String, Shards> shardsByCounter;
    private final AtomicInteger largestShardCount;
    private final LongAdder growths = new LongAdder();

    /** This instance's shard choice for one counter. */
    private static final class Shards {
        volatile int active;
        volatile int mine;

        Shards(int active) {
            this.active = active;
            this.mine = ThreadLocalRandom.current().nextInt(active);
        }
    }

    private FirestoreShardedCounter(FirestoreBackend backend, CounterConfig config, FirestoreSettings settings,
                                    Ticker ticker, Clock clock, BackendGuard guard) {
        super(config, windowOf(config), "Firestore", guard.circuitBreaker(), guard, ticker);
        this.backend = backend;
        this.db = backend.client();
        this.settings = settings;
        this.collection = settings.collection("counters");
        this.window = windowOf(config);
        this.guard = guard;
        this.clock = clock;
        this.shardsByCounter = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10))
                .ticker(ticker::read).build();
        this.largestShardCount = new AtomicInteger(config.shards());
    }

    private static Duration windowOf(CounterConfig config) {
        return config.coalescingWindow() == null ? DEFAULT_WINDOW : config.coalescingWindow();
    }

    /**
     * Creates a counter with {@link FirestoreSettings#defaults()}, on the system ticker and UTC clock.
     *
     * @param backend the Firestore to use; its client is never closed by the counter
     * @param config the configuration
     * @return the counter; close it to flush
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FirestoreShardedCounter create(FirestoreBackend backend, CounterConfig config) {
        return create(backend, config, FirestoreSettings.defaults());
    }

    /**
     * Creates a counter on the system ticker and UTC clock.
     *
     * @param backend the Firestore to use; its client is never closed by the counter
     * @param config the configuration
     * @param settings collection prefix, timeout, breaker, read mode, token retention
     * @return the counter; close it to flush
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FirestoreShardedCounter create(FirestoreBackend backend, CounterConfig config,
                                                 FirestoreSettings settings) {
        return create(backend, config, settings, Ticker.system(), Clock.systemUTC());
    }

    /**
     * Creates a counter reading elapsed time from {@code ticker} and wall time (token expiry) from {@code clock}.
     *
     * @param backend the Firestore to use; its client is never closed by the counter
     * @param config the configuration
     * @param settings collection prefix, timeout, breaker, read mode, token retention
     * @param ticker the elapsed-time source (coalescing window, reset deadline, breaker, shard cache)
     * @param clock the wall clock of the token documents' {@code expireAt}
     * @return the counter; close it to flush
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static FirestoreShardedCounter create(FirestoreBackend backend, CounterConfig config,
                                                 FirestoreSettings settings, Ticker ticker, Clock clock) {
        Arguments.notNull(backend, "backend");
        Arguments.notNull(config, "config");
        Arguments.notNull(settings, "settings");
        Arguments.notNull(ticker, "ticker");
        Arguments.notNull(clock, "clock");
        return new FirestoreShardedCounter(backend, config, settings, ticker, clock,
                settings.newGuard("headroom-counter-firestore-" + config.name(), ticker));
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
        return db.collection(collection).document(documentId(config.name(), counterId));
    }

    CollectionReference shards(String counterId) {
        return counterDocument(counterId).collection("shards");
    }

    private DocumentReference token(String counterId, String token) {
        return counterDocument(counterId).collection("tokens").document(token);
    }

    private Timestamp expireAt() {
        Instant at = clock.instant().plus(settings.counterTokenRetention());
        return Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano());
    }

    private String what(String operation, String counterId) {
        return operation + " of counter '" + config.name() + "' \"" + counterId + "\"";
    }

    // ------------------------------------------------------------------------------------------------ writes

    @Override
    protected int shardFor(String counterId) {
        Shards s = shardsByCounter.get(counterId, id -> new Shards(config.shards()));
        return window.isZero() ? ThreadLocalRandom.current().nextInt(s.active) : s.mine;
    }

    @Override
    protected CompletableFuture<Void> write(String counterId, int shard, long seq, long delta) {
        return backend.<List<WriteResult>>call(guard, what("write", counterId), () -> {
            WriteBatch batch = db.batch();
            batch.create(token(counterId, writerId() + "-" + seq), Map.of("expireAt", expireAt()));
            batch.set(shards(counterId).document(Integer.toString(shard)), Map.of("v", FieldValue.increment(delta)),
                    SetOptions.merge());
            return batch.commit();
        }).handle((r, e) -> {
            if (e == null) {
                return null;
            }
            Status.Code code = FirestoreErrors.statusCode(e).orElse(Status.Code.UNKNOWN);
            if (code == Status.Code.ALREADY_EXISTS) {
                return null; // the token exists: an earlier attempt of this write committed
            }
            if (code == Status.Code.ABORTED) {
                grow(counterId);
            }
            throw rethrow(e);
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

    // ------------------------------------------------------------------------------------------------ reads

    @Override
    protected CompletableFuture<Map<String, Long>> read(List<String> ids) {
        List<CompletableFuture<Long>> values = new ArrayList<>(ids.size());
        for (String id : ids) {
            values.add(readOne(id));
        }
        return CompletableFuture.allOf(values.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, Long> result = new LinkedHashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                result.put(ids.get(i), values.get(i).join());
            }
            return Collections.unmodifiableMap(result);
        });
    }

    private CompletableFuture<Long> readOne(String counterId) {
        if (settings.counterReadMode() == FirestoreSettings.CounterReadMode.AGGREGATION) {
            return backend.<AggregateQuerySnapshot>call(guard, what("read", counterId),
                            () -> shards(counterId).aggregate(AggregateField.sum("v")).get())
                    .thenApply(snapshot -> {
                        Object v = snapshot.get(AggregateField.sum("v"));
                        if (v instanceof Double) {
                            throw new CounterOverflowException(config.name(), counterId, "sum of shards");
                        }
                        return checkSaturation(counterId, v == null ? 0 : ((Number) v).longValue());
                    });
        }
        return backend.<List<DocumentSnapshot>>call(guard, what("read", counterId), () -> {
            DocumentReference[] refs = new DocumentReference[config.maxShards()];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = shards(counterId).document(Integer.toString(i));
            }
            return db.getAll(refs);
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
    }

    private long checkSaturation(String counterId, long v) {
        if (v == Long.MAX_VALUE || v == Long.MIN_VALUE) {
            throw new CounterOverflowException(config.name(), counterId,
                    "Firestore saturated the value at " + v);
        }
        return v;
    }

    // ------------------------------------------------------------------------------------------------ reset

    /** Every shard document that exists, grown by any instance. */
    @Override
    protected CompletableFuture<List<String>> resetShards(String counterId) {
        return backend.call(guard, what("listing of the shards", counterId), () -> {
            // listDocuments pages through the collection synchronously; it runs inside the guarded call
            List<String> ids = new ArrayList<>();
            for (DocumentReference shard : shards(counterId).listDocuments()) {
                ids.add(shard.getId());
            }
            return com.google.api.core.ApiFutures.immediateFuture(ids);
        });
    }

    /** Takes one shard in a transaction; the token document makes a retried take answer what the first took. */
    @Override
    protected CompletableFuture<Long> resetShard(String counterId, String shardId, long resetToken) {
        DocumentReference shard = shards(counterId).document(shardId);
        DocumentReference token = token(counterId, "r-" + writerId() + "-" + resetToken + "-" + shardId);
        return backend.call(guard, what("reset of shard " + shardId, counterId), () -> db.runTransaction(tx -> {
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
        }));
    }

    // ------------------------------------------------------------------------------------------------ rest

    /** The largest active shard count any counter of this instance grew to ({@link CounterStats#shards()}). */
    @Override
    protected int shardCount() {
        return largestShardCount.get();
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

    @Override
    public String toString() {
        return "FirestoreShardedCounter[" + config.name() + ", window " + window + ", shards " + config.shards() + ".."
                + config.maxShards() + ", " + backend + "]";
    }
}
