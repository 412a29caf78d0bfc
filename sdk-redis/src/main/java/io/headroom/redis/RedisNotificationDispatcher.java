package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.notify.DispatchBufferFullException;
import io.headroom.notify.DispatchConfig;
import io.headroom.notify.DispatchListener;
import io.headroom.notify.DispatchOutagePolicy;
import io.headroom.notify.DispatchReceipt;
import io.headroom.notify.DispatchScheduler;
import io.headroom.notify.DispatchStats;
import io.headroom.notify.DispatcherClosedException;
import io.headroom.notify.FailureReason;
import io.headroom.notify.Notification;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.notify.ProviderUnavailableException;
import io.headroom.notify.internal.InMemoryNotificationDispatcher;
import io.headroom.redis.internal.LuaScript;
import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.models.stream.PendingMessages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link NotificationDispatcher} on Redis Streams: {@code submit} returns once the notification is in a
 * stream ({@code XADD}), so a deploy or a crash loses nothing accepted. Every worker (every instance of the
 * service) joins one consumer group; each reads entries ({@code XREADGROUP}), collapses, rate-limits, batches and
 * sends them through the embedded dispatcher's pipeline, and acknowledges ({@code XACK}) each entry once it is
 * settled: delivered, its token reported invalid, or the message refused.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Accepted = in Redis. Redis down at {@code submit}: {@link ProviderUnavailableException}, nothing
 *       accepted.</li>
 *   <li>Every accepted entry ends as exactly one of: delivered ({@link DispatchListener#onDelivered}), token
 *       invalid ({@link DispatchListener#onTokenInvalid}), message refused ({@link DispatchListener#onFailed}), or
 *       dead-lettered: its retry budget ({@link DispatchConfig#maxAttempts()}) was spent, or it was claimed more
 *       than {@link RedisDurableOptions#maxDeliveries()} times because its workers died. A dead letter keeps the
 *       entry and its last error in the shard's dead-letter stream ({@link #deadLetterCount()},
 *       {@link #replayDeadLetters(int)}) and is also reported to {@link DispatchListener#onFailed}.</li>
 *   <li>A dead worker's pending entries are claimed by a live worker's reaper ({@code XAUTOCLAIM}) after
 *       {@link RedisDurableOptions#claimIdle()}; live workers refresh their own pending entries
 *       ({@code XCLAIM ... JUSTID}) so they are never taken from them.</li>
 *   <li>Dedup: a notification with a {@link Notification#dedupId()} is accepted once per (dedup id, token) within
 *       {@link DispatchConfig#dedupWindow()}, shared by every worker through Redis ({@code SET NX PX} and
 *       {@code XADD} in one script); later ones return a receipt with {@code duplicate() == true}. Before such a
 *       notification is sent, its dedup key records the sending worker; a dead worker's entry whose dedup key
 *       names that worker is dead-lettered rather than sent again (it may have reached the device), so a dedup id
 *       is pushed at most once. Entries without a dedup id are at least once: a worker dying between sending and
 *       acknowledging means the reclaimed entry is sent again.</li>
 *   <li>Trimming: the stream is trimmed ({@code XTRIM MINID}) only below the oldest entry some group has not
 *       acknowledged (read from {@code XINFO GROUPS} and {@code XPENDING}), so other groups lose nothing.</li>
 *   <li>Shutdown ({@link #close()}): stops accepting, reads once more what is there, then drains what this worker
 *       read for up to {@link DispatchConfig#closeTimeout()}; what it could not send stays pending in the group
 *       (not acknowledged, not reported) and is claimed by another worker.</li>
 *   <li>Redis Cluster: every key of a shard carries the hash tag {@code {<name>:<shard>}}; scripts touch one
 *       shard's keys only.</li>
 *   <li>Capacity and {@link DispatchOutagePolicy#FAIL_FAST} apply to what this worker holds in memory; it reads
 *       no more while it holds {@link DispatchConfig#bufferCapacity()} notifications, so a backlog stays in
 *       Redis.</li>
 * </ul>
 *
 * <p>Threads: one daemon poller per dispatcher (reads, reaps, refreshes, trims; real time), the embedded pipeline's
 * timer, and Lettuce's threads (which also run the provider's answers and the listener). Thread-safe.
 */
public final class RedisNotificationDispatcher implements NotificationDispatcher, ObservableBackend {

    private static final Logger LOG = LoggerFactory.getLogger(RedisNotificationDispatcher.class);
    private static final LuaScript SUBMIT = LuaScript.load("notify-submit.lua");
    private static final LuaScript DEAD_LETTER = LuaScript.load("notify-dead-letter.lua");
    private static final LuaScript REPLAY = LuaScript.load("notify-replay.lua");
    private static final String QUEUED = "queued";

    /** One stream entry inside the embedded pipeline. */
    private record Tag(int shard, String id, Map<String, String> fields) {
    }

    private final RedisBackend backend;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final DispatchConfig config;
    private final RedisDurableOptions options;
    private final NotifyStreamKeys keys;
    private final Consumer<String> me;
    private final DispatchListener listener;
    private final PushProvider provider;
    private final InMemoryNotificationDispatcher pipeline;
    private final ScheduledExecutorService poller;
    private final List<Set<String>> inProgress = new ArrayList<>();
    private final Object readLock = new Object();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;
    private long lastHeartbeat;
    private long lastTrim;

    private RedisNotificationDispatcher(RedisBackend backend, DispatchConfig config, PushProvider provider,
                                        RedisDurableOptions options, @Nullable Ticker ticker,
                                        @Nullable DispatchScheduler scheduler) {
        this.backend = backend;
        this.redis = backend.commands();
        this.config = config;
        this.options = options;
        this.keys = new NotifyStreamKeys(options.keyPrefix(), config.name(), options.shards());
        this.me = Consumer.from(options.group(), options.consumer());
        this.listener = config.listener();
        this.provider = provider;
        for (int s = 0; s < options.shards(); s++) {
            inProgress.add(ConcurrentHashMap.newKeySet());
        }
        createGroups();
        PushProvider marking = this::markThenSend;
        if (ticker == null || scheduler == null) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "timer"));
            this.pipeline = InMemoryNotificationDispatcher.createTagged(config, marking, Ticker.system(),
                    DispatchScheduler.of(timer), this::settled);
            this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "poller"));
            timerToStop = timer;
        } else {
            this.pipeline = InMemoryNotificationDispatcher.createTagged(config, marking, ticker, scheduler,
                    this::settled);
            this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "poller"));
            timerToStop = null;
        }
        long every = options.pollInterval().toNanos();
        poller.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.NANOSECONDS);
    }

    private final @Nullable ScheduledExecutorService timerToStop;

    private Thread daemon(Runnable r, String what) {
        Thread t = new Thread(r, "headroom-notify-" + config.name() + "-" + what);
        t.setDaemon(true);
        return t;
    }

    /**
     * Creates a durable dispatcher with its own timer, on the system ticker.
     *
     * @param backend the Redis connection
     * @param config the dispatcher's configuration (its {@link DispatchConfig#name()} names the streams)
     * @param provider where notifications go
     * @param options the queue's settings
     * @return the dispatcher; its consumer group exists when this returns
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws ProviderUnavailableException when Redis cannot create the consumer group
     */
    public static RedisNotificationDispatcher create(RedisBackend backend, DispatchConfig config,
                                                     PushProvider provider, RedisDurableOptions options) {
        Arguments.notNull(backend, "backend");
        Arguments.notNull(config, "config");
        Arguments.notNull(provider, "provider");
        Arguments.notNull(options, "options");
        return new RedisNotificationDispatcher(backend, config, provider, options, null, null);
    }

    /**
     * Creates a durable dispatcher whose pipeline (collapse windows, batch delays, rate limits, backoff) runs on
     * {@code ticker} and {@code scheduler}; reading, reaping and trimming still run on real time.
     *
     * @param backend the Redis connection
     * @param config the dispatcher's configuration
     * @param provider where notifications go
     * @param options the queue's settings
     * @param ticker the pipeline's time source
     * @param scheduler runs the pipeline's timed work on the same time as {@code ticker}
     * @return the dispatcher
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws ProviderUnavailableException when Redis cannot create the consumer group
     */
    public static RedisNotificationDispatcher create(RedisBackend backend, DispatchConfig config,
                                                     PushProvider provider, RedisDurableOptions options,
                                                     Ticker ticker, DispatchScheduler scheduler) {
        Arguments.notNull(backend, "backend");
        Arguments.notNull(config, "config");
        Arguments.notNull(provider, "provider");
        Arguments.notNull(options, "options");
        Arguments.notNull(ticker, "ticker");
        Arguments.notNull(scheduler, "scheduler");
        return new RedisNotificationDispatcher(backend, config, provider, options, ticker, scheduler);
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return Futures.join(Futures.orTimeout(stage.toCompletableFuture(), options.timeout()));
        } catch (RuntimeException e) {
            throw new ProviderUnavailableException("dispatcher '" + config.name() + "': Redis failed to " + what
                    + ": " + Futures.unwrap(e), Futures.unwrap(e));
        }
    }

    private void createGroups() {
        for (int s = 0; s < keys.shards(); s++) {
            try {
                await(redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.stream(s), "0"), options.group(),
                        XGroupCreateArgs.Builder.mkstream()), "create consumer group " + options.group());
            } catch (ProviderUnavailableException e) {
                if (!(e.getCause() instanceof RedisBusyException)) { // BUSYGROUP: it exists already
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- submitting

    @Override
    public DispatchReceipt submit(Notification notification) {
        Arguments.notNull(notification, "notification");
        return Futures.join(submitAsync(notification));
    }

    /**
     * Asynchronous form of {@link #submit(Notification)}: the stage completes once Redis has the entry (one
     * {@code XADD}, or the dedup script), without blocking the caller; many submits are pipelined on the shared
     * connection.
     *
     * @param notification what to send
     * @return a stage completing with the receipt, or failed with the exceptions {@code submit} throws
     * @throws IllegalArgumentException when {@code notification} is {@code null} (thrown, not in the stage)
     */
    @Override
    public CompletionStage<DispatchReceipt> submitAsync(Notification notification) {
        Arguments.notNull(notification, "notification");
        RuntimeException refused = refusal(notification);
        if (refused != null) {
            rejected.incrementAndGet();
            return CompletableFuture.failedFuture(refused);
        }
        boolean collapses = pipeline.wouldCollapse(notification);
        int held = pipeline.stats().pending();
        int shard = keys.shardOf(notification.token());
        Map<String, String> fields = NotificationFields.encode(notification);
        CompletableFuture<String> added;
        if (notification.dedupId() == null) {
            added = redis.xadd(keys.stream(shard), fields).toCompletableFuture();
        } else {
            String[] k = {keys.stream(shard), keys.dedup(shard, notification.dedupId(), notification.token())};
            added = backend.<String>eval(SUBMIT, ScriptOutputType.VALUE, k,
                    NotificationFields.args(fields, Long.toString(config.dedupWindow().toMillis())));
        }
        return Futures.orTimeout(added, options.timeout()).handle((id, e) -> {
            if (e != null) {
                rejected.incrementAndGet();
                Throwable cause = Futures.unwrap(e);
                throw new ProviderUnavailableException("dispatcher '" + config.name() + "': Redis failed to add "
                        + "the notification to its stream: " + cause, cause);
            }
            if (id == null) {
                duplicates.incrementAndGet();
                return new DispatchReceipt(sequence.incrementAndGet(), false, held, true);
            }
            accepted.incrementAndGet();
            return new DispatchReceipt(sequence.incrementAndGet(), collapses, held + (collapses ? 0 : 1));
        });
    }

    // why submit must refuse before any I/O, or null
    private @Nullable RuntimeException refusal(Notification notification) {
        if (closed) {
            return new DispatcherClosedException("dispatcher '" + config.name() + "' is closed; notification not "
                    + "accepted");
        }
        if (config.outagePolicy() == DispatchOutagePolicy.FAIL_FAST && pipeline.providerFailing()) {
            return new ProviderUnavailableException("dispatcher '" + config.name() + "': provider is failing, "
                    + "FAIL_FAST rejects the notification", null);
        }
        int held = pipeline.stats().pending();
        if (!pipeline.wouldCollapse(notification) && held >= config.bufferCapacity()) {
            return new DispatchBufferFullException("dispatcher '" + config.name() + "' holds " + held
                    + " notifications in this worker (bufferCapacity " + config.bufferCapacity() + ")");
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ reading

    private void pollQuietly() {
        if (closed) {
            return; // draining: nothing more is read; what is left stays with the group
        }
        try {
            readAvailable();
            long now = System.nanoTime(); // housekeeping cadence only: no algorithm reads this time
            long third = options.claimIdle().toNanos() / 3;
            if (now - lastHeartbeat >= third) {
                lastHeartbeat = now;
                refreshOwn();
                reap();
            }
            if (now - lastTrim >= 1_000_000_000L) {
                lastTrim = now;
                trim();
            }
        } catch (RuntimeException e) {
            LOG.warn("dispatcher '{}': durable queue poll failed: {}", config.name(), e.toString());
        }
    }

    // reads what is new in every shard into the pipeline, in stream order (one reader at a time keeps the order)
    @SuppressWarnings("unchecked") // XREADGROUP's varargs of a generic type, one element
    private void readAvailable() {
        synchronized (readLock) {
            for (int s = 0; s < keys.shards(); s++) {
                // backpressure: a backlog (after an outage) stays in Redis, not in this worker's memory
                while (pipeline.stats().pending() < config.bufferCapacity()) {
                    List<StreamMessage<String, String>> got = await(redis.xreadgroup(me,
                            XReadArgs.Builder.count(options.readBatchSize()),
                            XReadArgs.StreamOffset.lastConsumed(keys.stream(s))), "read its stream");
                    if (got == null || got.isEmpty()) {
                        break;
                    }
                    for (StreamMessage<String, String> m : got) {
                        feed(s, m);
                    }
                    if (got.size() < options.readBatchSize()) {
                        break;
                    }
                }
            }
        }
    }

    private void feed(int shard, StreamMessage<String, String> m) {
        Map<String, String> body = m.getBody();
        Notification n;
        try {
            n = NotificationFields.decode(body);
        } catch (RuntimeException bad) {
            deadLetter(shard, m.getId(), body == null ? Map.of() : body, FailureReason.MESSAGE_INVALID,
                    "unreadable entry: " + bad.getMessage(), null);
            return;
        }
        inProgress.get(shard).add(m.getId());
        pipeline.submitTagged(n, new Tag(shard, m.getId(), body));
    }

    // --------------------------------------------------------------------------- sending and settling entries

    // marks the dedup keys of what is about to be sent with this worker's name, so a reaper never resends them
    private CompletionStage<List<SendResult>> markThenSend(List<Notification> batch) {
        List<CompletableFuture<String>> marks = new ArrayList<>();
        for (Notification n : batch) {
            if (n.dedupId() != null) {
                int shard = keys.shardOf(n.token());
                marks.add(redis.set(keys.dedup(shard, n.dedupId(), n.token()), options.consumer(),
                        io.lettuce.core.SetArgs.Builder.px(config.dedupWindow().toMillis())).toCompletableFuture());
            }
        }
        if (marks.isEmpty()) {
            return provider.sendBatch(batch);
        }
        CompletableFuture<Void> all = Futures.orTimeout(CompletableFuture.allOf(marks.toArray(CompletableFuture[]::new)),
                options.timeout());
        return all.handle((v, e) -> e).thenCompose(e -> {
            if (e != null) {
                List<SendResult> out = new ArrayList<>();
                batch.forEach(n -> out.add(SendResult.failed(FailureReason.UNAVAILABLE,
                        "durable queue could not record the send: " + Futures.unwrap(e))));
                return CompletableFuture.completedFuture(List.copyOf(out));
            }
            return provider.sendBatch(batch);
        });
    }

    private void settled(Notification sentAs, List<Object> tags, @Nullable FailureReason reason, String detail) {
        if (reason == FailureReason.CLOSED) {
            // never sent before this worker closed: left pending to the group, claimed by another worker
            for (Object o : tags) {
                Tag t = (Tag) o;
                inProgress.get(t.shard()).remove(t.id());
            }
            return;
        }
        if (reason == null || reason.permanent()) {
            Map<Integer, List<String>> byShard = new HashMap<>();
            for (Object o : tags) {
                Tag t = (Tag) o;
                byShard.computeIfAbsent(t.shard(), s -> new ArrayList<>()).add(t.id());
            }
            byShard.forEach((shard, ids) -> redis.xack(keys.stream(shard), options.group(), ids.toArray(String[]::new))
                    .whenComplete((r, e) -> {
                        ids.forEach(inProgress.get(shard)::remove);
                        if (e != null) {
                            LOG.warn("dispatcher '{}': XACK failed ({}); the entries will be claimed again",
                                    config.name(), e.toString());
                        }
                    }));
            return;
        }
        // the retry budget is spent (the pipeline counted it undeliverable): every entry it stands for becomes a
        // dead letter, reported once
        for (Object o : tags) {
            Tag t = (Tag) o;
            deadLetter(t.shard(), t.id(), t.fields(), reason, detail, null);
        }
        safely(() -> listener.onFailed(sentAs, reason, detail + "; dead-lettered"));
    }

    private void deadLetter(int shard, String id, Map<String, String> fields, FailureReason reason, String detail,
                            @Nullable Notification report) {
        Map<String, String> letter = new LinkedHashMap<>(fields);
        letter.put("x:reason", reason.name());
        letter.put("x:error", detail);
        letter.put("x:source", id);
        letter.put("x:consumer", options.consumer());
        backend.<Long>eval(DEAD_LETTER, ScriptOutputType.INTEGER,
                new String[] {keys.stream(shard), keys.deadLetters(shard)},
                NotificationFields.args(letter, options.group(), id)).whenComplete((r, e) -> {
                    inProgress.get(shard).remove(id);
                    if (e != null) {
                        LOG.warn("dispatcher '{}': dead-lettering {} failed ({}); it stays pending", config.name(),
                                id, e.toString());
                    }
                });
        if (report != null) {
            deadLettered.incrementAndGet();
            safely(() -> listener.onFailed(report, reason, detail + "; dead-lettered"));
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("dispatcher '{}': listener failed", config.name(), e);
        }
    }

    // ---------------------------------------------------------------------------- reaping, refreshing, trimming

    // keeps this worker's pending entries fresh, so no reaper mistakes them for a dead worker's
    private void refreshOwn() {
        for (int s = 0; s < keys.shards(); s++) {
            String[] ids = inProgress.get(s).toArray(String[]::new);
            if (ids.length > 0) {
                await(redis.xclaim(keys.stream(s), me, XClaimArgs.Builder.justid().minIdleTime(0), ids),
                        "refresh its pending entries");
            }
        }
    }

    /**
     * Claims the pending entries of dead workers (idle longer than {@link RedisDurableOptions#claimIdle()}) and
     * sends them, or dead-letters them when they were delivered too often or may already have been sent under
     * their dedup id. Runs on the poller every third of {@code claimIdle}; callable directly.
     *
     * @return how many entries were claimed
     * @throws ProviderUnavailableException when Redis fails
     */
    public int reap() {
        int claimed = 0;
        synchronized (readLock) {
            for (int s = 0; s < keys.shards(); s++) {
                ClaimedMessages<String, String> got = await(redis.xautoclaim(keys.stream(s),
                        new XAutoClaimArgs<String>().consumer(me).minIdleTime(options.claimIdle()).startId("0-0")
                                .count(options.readBatchSize())), "claim idle entries");
                for (StreamMessage<String, String> m : got.getMessages()) {
                    if (inProgress.get(s).contains(m.getId())) {
                        continue;
                    }
                    claimed++;
                    if (m.getBody() == null || m.getBody().isEmpty()) {
                        await(redis.xack(keys.stream(s), options.group(), m.getId()), "acknowledge a deleted entry");
                        continue;
                    }
                    reclaim(s, m);
                }
            }
        }
        return claimed;
    }

    private void reclaim(int shard, StreamMessage<String, String> m) {
        List<PendingMessage> p = await(redis.xpending(keys.stream(shard), options.group(),
                Range.create(m.getId(), m.getId()), Limit.from(1)), "read an entry's delivery count");
        long deliveries = p.isEmpty() ? 1 : p.get(0).getRedeliveryCount();
        Notification n;
        try {
            n = NotificationFields.decode(m.getBody());
        } catch (RuntimeException bad) {
            deadLetter(shard, m.getId(), m.getBody(), FailureReason.MESSAGE_INVALID, "unreadable entry", null);
            return;
        }
        if (deliveries > options.maxDeliveries()) {
            deadLetter(shard, m.getId(), m.getBody(), FailureReason.UNAVAILABLE, "claimed " + deliveries
                    + " times without acknowledgement (its workers died)", n);
            return;
        }
        if (n.dedupId() != null) {
            String mark = await(redis.get(keys.dedup(shard, n.dedupId(), n.token())), "read a dedup key");
            if (mark != null && !QUEUED.equals(mark) && !options.consumer().equals(mark)) {
                deadLetter(shard, m.getId(), m.getBody(), FailureReason.UNAVAILABLE, "worker " + mark
                        + " died while sending it; not sent again because of its dedup id", n);
                return;
            }
        }
        inProgress.get(shard).add(m.getId());
        pipeline.submitTagged(n, new Tag(shard, m.getId(), m.getBody()));
    }

    // trims every stream below the oldest entry any group has not acknowledged
    private void trim() {
        shards:
        for (int s = 0; s < keys.shards(); s++) {
            String stream = keys.stream(s);
            List<Object> groups = await(redis.xinfoGroups(stream), "read its consumer groups");
            String floor = null;
            for (Object g : groups) {
                Map<String, Object> info = pairs(g);
                String name = String.valueOf(info.get("name"));
                long pending = ((Number) info.getOrDefault("pending", 0L)).longValue();
                String bound;
                if (pending > 0) {
                    PendingMessages summary = await(redis.xpending(stream, name), "read pending entries");
                    bound = summary.getMessageIds().getLower().getValue();
                } else {
                    bound = String.valueOf(info.get("last-delivered-id"));
                }
                if (bound == null || "0-0".equals(bound)) {
                    continue shards; // a group that read nothing yet: keep everything
                }
                floor = floor == null || compareIds(bound, floor) < 0 ? bound : floor;
            }
            if (floor != null) {
                await(redis.xtrim(stream, new XTrimArgs().minId(floor)), "trim its stream");
            }
        }
    }

    private static Map<String, Object> pairs(Object o) {
        Map<String, Object> m = new HashMap<>();
        if (o instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                m.put(String.valueOf(l.get(i)), l.get(i + 1));
            }
        }
        return m;
    }

    private static int compareIds(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int c = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return c != 0 ? c : Long.compare(Long.parseLong(x.length > 1 ? x[1] : "0"), Long.parseLong(y.length > 1 ? y[1] : "0"));
    }

    // ------------------------------------------------------------------------------------------ dead letters

    /**
     * Returns how many dead letters the queue holds, over all shards.
     *
     * @return the dead-letter count
     * @throws ProviderUnavailableException when Redis fails
     */
    public long deadLetterCount() {
        long n = 0;
        for (int s = 0; s < keys.shards(); s++) {
            n += await(redis.xlen(keys.deadLetters(s)), "count dead letters");
        }
        return n;
    }

    /**
     * Puts up to {@code max} dead letters back on their streams (as new entries, without their error fields and
     * bypassing dedup), oldest first, and removes them from the dead-letter streams. Call it once the cause (an
     * outage, broken credentials) is fixed.
     *
     * @param max at least 1
     * @return how many were replayed
     * @throws IllegalArgumentException when {@code max} is below 1
     * @throws ProviderUnavailableException when Redis fails
     */
    public int replayDeadLetters(int max) {
        Arguments.inRange(max, 1, Integer.MAX_VALUE, "max", "");
        int replayed = 0;
        for (int s = 0; s < keys.shards() && replayed < max; s++) {
            List<StreamMessage<String, String>> letters = await(redis.xrange(keys.deadLetters(s),
                    Range.create("-", "+"), Limit.from(max - replayed)), "read dead letters");
            for (StreamMessage<String, String> m : letters) {
                Map<String, String> original = new LinkedHashMap<>(m.getBody());
                original.keySet().removeIf(k -> k.startsWith("x:"));
                await(backend.<String>eval(REPLAY, ScriptOutputType.VALUE,
                        new String[] {keys.stream(s), keys.deadLetters(s)},
                        NotificationFields.args(original, m.getId())), "replay a dead letter");
                replayed++;
            }
        }
        return replayed;
    }

    // --------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void flush() {
        Futures.join(flushAsync());
    }

    /**
     * Reads what the streams hold for this worker now, then flushes the pipeline (see
     * {@link NotificationDispatcher#flushAsync()}).
     *
     * @return a stage completing when what was read and is sendable now was sent and answered
     */
    @Override
    public CompletionStage<Void> flushAsync() {
        if (!closed) {
            readAvailable();
        }
        return pipeline.flushAsync();
    }

    @Override
    public void close() {
        boolean first = beginClose();
        try {
            pipeline.close();
        } finally {
            if (first) {
                stopThreads();
            }
        }
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        boolean first = beginClose();
        return pipeline.closeAsync().whenComplete((v, e) -> {
            if (first) {
                stopThreads();
            }
        });
    }

    private synchronized boolean beginClose() {
        if (closed) {
            return false;
        }
        // a last read, so what was submitted before close is drained by this worker when it can
        try {
            readAvailable();
        } catch (RuntimeException e) {
            LOG.warn("dispatcher '{}': last read before close failed: {}", config.name(), e.toString());
        }
        closed = true;
        return true;
    }

    private void stopThreads() {
        poller.shutdown(); // a poll under way finishes (it reads nothing more once closed)
        if (timerToStop != null) {
            timerToStop.shutdownNow();
        }
    }

    @Override
    public DispatchStats stats() {
        DispatchStats s = pipeline.stats();
        return new DispatchStats(accepted.get(), s.collapsed(), rejected.get(), s.providerCalls(), s.sent(),
                s.delivered(), s.retried(), s.tokenInvalid(), s.permanentFailures(),
                s.undeliverable() + deadLettered.get(), s.rateDeferred(), s.providerPauses(), duplicates.get(),
                s.pending());
    }

    @Override
    public DispatchConfig config() {
        return config;
    }

    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        pipeline.observeBackendCalls(observer);
    }

    @Override
    public String toString() {
        return "RedisNotificationDispatcher[" + config.name() + ", " + backend + ", consumer " + options.consumer()
                + "]";
    }
}
