package io.headroom.notify.internal;

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

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.headroom.Ticker;
import io.headroom.internal.Arguments;
import io.headroom.internal.BackendGuard;
import io.headroom.spi.BackendCallObserver;
import io.headroom.internal.Futures;
import io.headroom.spi.ObservableBackend;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link NotificationDispatcher}: an in-memory buffer in front of a {@link PushProvider}. Created
 * through {@link NotificationDispatcher#inMemory}; internal (exported only to Headroom's backend modules, whose
 * durable dispatchers run it as their worker-side pipeline through {@link #submitTagged} and {@link Settlement}).
 *
 * <p>Thread-safe. All state sits behind one lock, held only for bookkeeping (microseconds): the provider and the
 * listener are always called outside it. A notification moves through three places: {@code waiting} (a priority
 * queue by the time it may be sent: end of its collapse window, rate-limit or backoff deadline), {@code ready}
 * (waiting for its batch to fill or for {@code maxBatchDelay}) and in flight. While waiting or ready it is also
 * in {@code collapsible} under its (token, collapse key), so a later one replaces it.
 *
 * <p>The provider is this dispatcher's backend: each {@code sendBatch} call is timed on the dispatcher's ticker
 * and reported to the observer the metrics binder installs ({@link ObservableBackend}); a call fails when it
 * throws, completes exceptionally, times out ({@code providerTimeout}) or answers with the wrong number of results.
 * The same outcome, plus a batch answered {@link FailureReason#UNAVAILABLE} throughout, feeds a Resilience4j
 * circuit breaker (on the dispatcher's ticker); while it is open no batch is sent.
 *
 * <p>Sending as a whole can be on hold ({@code holdUntil}): a quota or credentials pause the provider asked for,
 * the provider-wide rate limit, or the open breaker. Notifications wait in {@code ready} meanwhile.
 */
public final class InMemoryNotificationDispatcher implements NotificationDispatcher, ObservableBackend {

    /**
     * Hears the final outcome of every tagged submission ({@link #submitTagged}), with the tags of every
     * submission the outcome covers (collapsed ones included). Called outside the lock, before the
     * {@link DispatchListener}.
     */
    @FunctionalInterface
    public interface Settlement {
        /**
         * The notifications behind {@code tags} are settled.
         *
         * @param sentAs the notification as it was sent (or would have been)
         * @param tags the tags of the submissions it stands for
         * @param reason {@code null} when delivered, else why not ({@link FailureReason#CLOSED}: never sent
         *     before the dispatcher closed)
         * @param detail the provider's detail, empty when delivered
         */
        void settled(Notification sentAs, List<Object> tags, @Nullable FailureReason reason, String detail);
    }

    private static final Logger LOG = LoggerFactory.getLogger(InMemoryNotificationDispatcher.class);

    private final DispatchConfig config;
    private final PushProvider provider;
    private final Ticker ticker;
    private final DispatchScheduler scheduler;
    private final @Nullable ScheduledExecutorService ownedTimer;
    private final RateLimiter perRecipient;
    private final RateLimiter providerLimiter;
    private final CircuitBreaker breaker;
    private final long breakerWaitNanos;
    private final IntervalFunction backoff;
    private final DispatchListener listener;
    private final long collapseNanos;
    private final long batchDelayNanos;
    private volatile BackendCallObserver callObserver = BackendCallObserver.NONE;
    private final @Nullable Settlement settlement;
    // (dedup id, token) pairs accepted within dedupWindow, on the dispatcher's ticker
    private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> dedup;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<CollapseId, Entry> collapsible = new HashMap<>();
    private final PriorityQueue<Entry> waiting = new PriorityQueue<>(
            Comparator.comparingLong((Entry e) -> e.readyAt).thenComparingLong(e -> e.sequence));
    private final ArrayDeque<Entry> ready = new ArrayDeque<>();
    // collapse groups with a notification in flight, and the next one of such a group, held until the answer:
    // one in flight per group keeps the provider's order (so the device shows the latest), and a retry of the
    // in-flight one can still fold into the next
    private final Map<CollapseId, Entry> blocked = new HashMap<>();
    private final java.util.Set<CollapseId> inFlightGroups = new java.util.HashSet<>();
    private final List<CompletableFuture<Void>> flushWaiters = new ArrayList<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private int held;
    private int inFlightBatches;
    private long nextWake = Long.MAX_VALUE;
    // nothing is sent before this reading of the ticker (pause, provider-wide rate, open breaker)
    private long holdUntil;
    private boolean closed;
    private boolean providerFailing;
    private String lastFailure = "";
    private long sequence;
    private long accepted, collapsed, rejected, providerCalls, sent, delivered, retried, tokenInvalid,
            permanentFailures, undeliverable, rateDeferred, providerPauses, duplicates;

    private InMemoryNotificationDispatcher(DispatchConfig config, PushProvider provider, Ticker ticker,
                                           DispatchScheduler scheduler, @Nullable ScheduledExecutorService ownedTimer,
                                           @Nullable Settlement settlement) {
        this.settlement = settlement;
        this.config = config;
        this.provider = provider;
        this.ticker = ticker;
        this.scheduler = scheduler;
        this.ownedTimer = ownedTimer;
        // the per-recipient rate reuses the embedded rate limiter on the dispatcher's own ticker
        this.perRecipient = RateLimiter.inMemory(RateLimitConfig.builder().name(config.name())
                .bandwidth(config.perRecipientRate()).build(), ticker);
        // the project-wide quota (FCM: 600 000/min) is one more key on the same embedded limiter
        this.providerLimiter = RateLimiter.inMemory(RateLimitConfig.builder().name(config.name())
                .bandwidth(config.providerRate()).build(), ticker);
        CircuitBreakerConfig defaults = BackendGuard.defaultCircuitBreakerConfig();
        this.breaker = CircuitBreaker.of("notify-" + config.name(), CircuitBreakerConfig.from(defaults)
                .clock(new TickerClock(ticker)).build());
        this.breakerWaitNanos = defaults.getWaitIntervalFunctionInOpenState().apply(1) * 1_000_000L;
        this.holdUntil = ticker.read();
        this.dedup = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().ticker(ticker::read)
                .expireAfterWrite(config.dedupWindow()).maximumSize(1_000_000).build();
        // Resilience4j computes the backoff (exponential, randomized); the dispatcher schedules it on its own
        // ticker/scheduler instead of Retry's executor, so tests drive retries deterministically and a retry
        // re-enters the buffer (where a newer notification of the same collapse group can still replace it)
        this.backoff = config.jitter() == 0.0
                ? IntervalFunction.ofExponentialBackoff(config.initialBackoff(), config.backoffMultiplier(),
                        config.maxBackoff())
                : IntervalFunction.ofExponentialRandomBackoff(config.initialBackoff(), config.backoffMultiplier(),
                        config.jitter(), config.maxBackoff());
        this.listener = config.listener();
        this.collapseNanos = config.collapseWindow().toNanos();
        this.batchDelayNanos = config.maxBatchDelay().toNanos();
    }

    /**
     * Creates the dispatcher on the system ticker with its own timer thread.
     *
     * @param config the configuration
     * @param provider where notifications go
     * @return the dispatcher
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static NotificationDispatcher create(DispatchConfig config, PushProvider provider) {
        Arguments.notNull(config, "config");
        Arguments.notNull(provider, "provider");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "headroom-notify-" + config.name());
            t.setDaemon(true);
            return t;
        });
        return new InMemoryNotificationDispatcher(config, provider, Ticker.system(), DispatchScheduler.of(timer),
                timer, null);
    }

    /**
     * Creates the dispatcher on the given time source.
     *
     * @param config the configuration
     * @param provider where notifications go
     * @param ticker the time source
     * @param scheduler runs timed work on the same time as {@code ticker}
     * @return the dispatcher
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static NotificationDispatcher create(DispatchConfig config, PushProvider provider, Ticker ticker,
                                                DispatchScheduler scheduler) {
        return createTagged(config, provider, ticker, scheduler, null);
    }

    /**
     * Creates the dispatcher on the given time source, reporting tagged submissions to {@code settlement}.
     *
     * @param config the configuration
     * @param provider where notifications go
     * @param ticker the time source
     * @param scheduler runs timed work on the same time as {@code ticker}
     * @param settlement hears the outcome of tagged submissions, or {@code null}
     * @return the dispatcher
     * @throws IllegalArgumentException when an argument other than {@code settlement} is {@code null}
     */
    public static InMemoryNotificationDispatcher createTagged(DispatchConfig config, PushProvider provider,
                                                              Ticker ticker, DispatchScheduler scheduler,
                                                              @Nullable Settlement settlement) {
        Arguments.notNull(config, "config");
        Arguments.notNull(provider, "provider");
        Arguments.notNull(ticker, "ticker");
        Arguments.notNull(scheduler, "scheduler");
        return new InMemoryNotificationDispatcher(config, provider, ticker, scheduler, null, settlement);
    }

    /**
     * Accepts a notification carrying {@code tag}, reported with its outcome to the {@link Settlement}.
     *
     * @param notification what to send
     * @param tag the caller's handle (a stream entry id)
     * @return the acknowledgement
     * @throws IllegalArgumentException when an argument is {@code null}
     * @throws DispatchBufferFullException when the buffer is full
     * @throws DispatcherClosedException after close
     */
    public DispatchReceipt submitTagged(Notification notification, Object tag) {
        Arguments.notNull(notification, "notification");
        Arguments.notNull(tag, "tag");
        DispatchReceipt receipt = accept(notification, tag, true);
        pump();
        return receipt;
    }

    /**
     * Whether {@code notification} would collapse into one held now (so it needs no room in the buffer).
     *
     * @param notification the candidate
     * @return {@code true} when a pending notification of its collapse group is held
     */
    public boolean wouldCollapse(Notification notification) {
        if (notification.collapseKey() == null) {
            return false;
        }
        synchronized (lock) {
            return collapsible.containsKey(new CollapseId(notification.token(), notification.collapseKey()));
        }
    }

    /**
     * Whether the provider's last batch failed entirely (what {@link DispatchOutagePolicy#FAIL_FAST} reacts to).
     *
     * @return {@code true} while the provider fails
     */
    public boolean providerFailing() {
        synchronized (lock) {
            return providerFailing;
        }
    }

    @Override
    public DispatchReceipt submit(Notification notification) {
        Arguments.notNull(notification, "notification");
        DispatchReceipt receipt = accept(notification, null, false);
        pump();
        return receipt;
    }

    @Override
    public CompletionStage<DispatchReceipt> submitAsync(Notification notification) {
        Arguments.notNull(notification, "notification");
        try {
            return CompletableFuture.completedFuture(submit(notification));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // tagged (a durable queue's worker): what was already accepted upstream is never refused for capacity or
    // outage here, only after close
    private DispatchReceipt accept(Notification n, @Nullable Object tag, boolean upstreamAccepted) {
        synchronized (lock) {
            if (closed) {
                rejected++;
                throw new DispatcherClosedException("dispatcher '" + config.name() + "' is closed; notification for "
                        + "token " + abbreviate(n.token()) + " not accepted");
            }
            if (!upstreamAccepted && providerFailing && config.outagePolicy() == DispatchOutagePolicy.FAIL_FAST) {
                rejected++;
                throw new ProviderUnavailableException("dispatcher '" + config.name() + "': provider is failing ("
                        + lastFailure + "), FAIL_FAST rejects the notification for token "
                        + abbreviate(n.token()), null);
            }
            if (!upstreamAccepted && n.dedupId() != null
                    && dedup.asMap().putIfAbsent(n.dedupId() + '\u0000' + n.token(), Boolean.TRUE) != null) {
                duplicates++;
                return new DispatchReceipt(++sequence, false, held, true);
            }
            CollapseId id = n.collapseKey() == null ? null : new CollapseId(n.token(), n.collapseKey());
            Entry existing = id == null ? null : collapsible.get(id);
            if (existing != null) {
                existing.latest = n;
                existing.count += n.collapsedCount();
                existing.tag(tag);
                accepted++;
                collapsed++;
                return new DispatchReceipt(++sequence, true, held);
            }
            if (!upstreamAccepted && held >= config.bufferCapacity()) {
                rejected++;
                if (n.dedupId() != null) {
                    dedup.invalidate(n.dedupId() + '\u0000' + n.token()); // not accepted: a retry may come
                }
                throw new DispatchBufferFullException("dispatcher '" + config.name() + "' holds "
                        + held + " notifications (bufferCapacity " + config.bufferCapacity() + ")"
                        + (providerFailing ? " while the provider fails (" + lastFailure + ")" : "")
                        + "; notification for token " + abbreviate(n.token()) + " not accepted");
            }
            long now = ticker.read();
            Entry e = new Entry(id, n, ++sequence, now + (id == null ? 0 : collapseNanos));
            e.tag(tag);
            if (id != null) {
                collapsible.put(id, e);
            }
            waiting.add(e);
            held++;
            accepted++;
            return new DispatchReceipt(e.sequence, false, held);
        }
    }

    // per thread: [pumping, again]. A provider that answers synchronously re-enters pump() from complete(); instead
    // of recursing once per batch (a deep stack for thousands of batches) the outer call loops
    private final ThreadLocal<boolean[]> pumping = ThreadLocal.withInitial(() -> new boolean[2]);

    /** Moves what is due into batches and sends them; called after every event and by the timer. */
    private void pump() {
        boolean[] state = pumping.get();
        if (state[0]) {
            state[1] = true;
            return;
        }
        state[0] = true;
        try {
            do {
                state[1] = false;
                pumpOnce();
            } while (state[1]);
        } finally {
            state[0] = false;
        }
    }

    private void pumpOnce() {
        List<List<Entry>> batches = new ArrayList<>(1);
        List<CompletableFuture<Void>> toComplete = null;
        boolean nowDrained = false;
        synchronized (lock) {
            long now = ticker.read();
            while (!waiting.isEmpty() && waiting.peek().readyAt - now <= 0) {
                ready.addLast(waiting.poll());
            }
            while (inFlightBatches < config.maxConcurrentBatches() && !ready.isEmpty() && holdUntil - now <= 0) {
                boolean full = ready.size() >= config.maxBatchSize();
                boolean due = closed || ready.peekFirst().readyAt + batchDelayNanos - now <= 0;
                if (!full && !due) {
                    break;
                }
                if (!breaker.tryAcquirePermission()) {
                    // open (or half-open with its probes out): try again once it may have half-opened
                    holdUntil = now + breakerWaitNanos;
                    break;
                }
                long permits = Math.min(Math.min(ready.size(), config.maxBatchSize()),
                        config.providerRate().capacity());
                RateLimitDecision quota = providerLimiter.tryAcquire("provider", permits);
                if (!quota.allowed()) {
                    breaker.releasePermission();
                    rateDeferred++;
                    holdUntil = now + Math.max(1, quota.retryAfterMicros() * 1_000);
                    break;
                }
                List<Entry> batch = new ArrayList<>(Math.min(ready.size(), config.maxBatchSize()));
                while (batch.size() < config.maxBatchSize() && !ready.isEmpty()) {
                    Entry e = ready.pollFirst();
                    if (e.id != null && inFlightGroups.contains(e.id)) {
                        blocked.put(e.id, e);
                        continue;
                    }
                    RateLimitDecision d = perRecipient.tryAcquire(e.latest.token());
                    if (!d.allowed()) {
                        // deferred, not dropped: it stays collapsible, so later ones of its group replace it
                        rateDeferred++;
                        e.readyAt = now + Math.max(1, d.retryAfterMicros() * 1_000);
                        e.notBefore = e.readyAt;
                        waiting.add(e);
                        continue;
                    }
                    if (e.id != null) {
                        if (collapsible.get(e.id) == e) {
                            collapsible.remove(e.id);
                        }
                        inFlightGroups.add(e.id);
                    }
                    e.attempts++;
                    batch.add(e);
                }
                if (!batch.isEmpty()) {
                    inFlightBatches++;
                    providerCalls++;
                    sent += batch.size();
                    batches.add(batch);
                } else {
                    breaker.releasePermission();
                }
            }
            scheduleWake(now);
            boolean holding = holdUntil - now > 0;
            if (inFlightBatches == 0 && batches.isEmpty() && (ready.isEmpty() || holding)
                    && (waiting.isEmpty() || waiting.peek().readyAt - now > 0) && !flushWaiters.isEmpty()) {
                toComplete = new ArrayList<>(flushWaiters);
                flushWaiters.clear();
            }
            nowDrained = closed && held == 0;
        }
        for (List<Entry> batch : batches) {
            send(batch);
        }
        if (toComplete != null) {
            toComplete.forEach(f -> f.complete(null));
        }
        if (nowDrained) {
            drained.complete(null);
        }
    }

    // guarded by lock: keeps one timer pending for the earliest moment something may become sendable
    private void scheduleWake(long now) {
        long at = Long.MAX_VALUE;
        if (!waiting.isEmpty()) {
            at = waiting.peek().readyAt;
        }
        if (!ready.isEmpty() && inFlightBatches < config.maxConcurrentBatches()) {
            long due = ready.peekFirst().readyAt + batchDelayNanos;
            if (holdUntil - due > 0) {
                due = holdUntil;
            }
            at = at == Long.MAX_VALUE ? due : Math.min(at, due);
        }
        if (at == Long.MAX_VALUE || (nextWake != Long.MAX_VALUE && nextWake - at <= 0 && nextWake - now > 0)) {
            return;
        }
        long wakeAt = Math.max(at, now);
        nextWake = wakeAt;
        try {
            scheduler.schedule(() -> {
                synchronized (lock) {
                    if (nextWake == wakeAt) {
                        nextWake = Long.MAX_VALUE;
                    }
                }
                pump();
            }, java.time.Duration.ofNanos(wakeAt - now));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // only after close() timed out and stopped the owned timer: what is left was reported undeliverable
            nextWake = Long.MAX_VALUE;
        }
    }

    private void send(List<Entry> batch) {
        List<Notification> ns = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            ns.add(e.latest.withCollapsedCount(e.count));
        }
        List<Notification> payload = Collections.unmodifiableList(ns);
        CompletableFuture<List<SendResult>> answer = new CompletableFuture<>();
        long start = ticker.read();
        try {
            provider.sendBatch(payload).whenComplete((r, t) -> {
                if (t != null) {
                    answer.completeExceptionally(t);
                } else {
                    answer.complete(r);
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        Futures.orTimeout(answer, config.providerTimeout()).whenComplete((results, error) -> {
            long took = ticker.read() - start;
            observe(took, batch.size(), results, error);
            complete(batch, payload, results, error, took);
        });
    }

    // one provider call, as the backend-call timer sees it: a failure is an error, a timeout or a wrong answer
    private void observe(long nanos, int size, @Nullable List<SendResult> results, @Nullable Throwable error) {
        BackendCallObserver o = callObserver;
        if (o == BackendCallObserver.NONE) {
            return;
        }
        Throwable failure = error != null ? Futures.unwrap(error)
                : results == null || results.size() != size
                ? new IllegalStateException("provider answered " + (results == null ? "null" : results.size())
                        + " results for " + size + " notifications")
                : null;
        try {
            o.record(nanos, failure);
        } catch (RuntimeException e) {
            LOG.warn("dispatcher '{}': backend call observer failed", config.name(), e);
        }
    }

    @Override
    public void observeBackendCalls(BackendCallObserver observer) {
        this.callObserver = Arguments.notNull(observer, "observer");
    }

    private void complete(List<Entry> batch, List<Notification> sentAs, @Nullable List<SendResult> results,
                          @Nullable Throwable error, long tookNanos) {
        List<Runnable> callbacks = new ArrayList<>();
        synchronized (lock) {
            long now = ticker.read();
            inFlightBatches--;
            String batchFailure = null;
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                batchFailure = cause instanceof TimeoutException ? "provider timeout after " + config.providerTimeout()
                        : "provider error: " + cause;
            } else if (results == null || results.size() != batch.size()) {
                batchFailure = "provider returned " + (results == null ? "null" : results.size() + " results")
                        + " for " + batch.size() + " notifications";
            }
            boolean allRetryable = true;
            boolean allUnavailable = true;
            String lastReason = batchFailure;
            long pauseNanos = 0;
            SendResult.Failed pausedBy = null;
            for (int i = 0; i < batch.size(); i++) {
                Entry e = batch.get(i);
                Notification n = sentAs.get(i);
                Entry next = null;
                if (e.id != null) {
                    inFlightGroups.remove(e.id);
                    next = blocked.remove(e.id);
                }
                SendResult r = batchFailure != null ? SendResult.failed(FailureReason.UNAVAILABLE, batchFailure)
                        : results.get(i);
                if (r == null) {
                    r = SendResult.failed(FailureReason.UNAVAILABLE, "provider returned a null result");
                }
                if (r instanceof SendResult.Delivered) {
                    allRetryable = false;
                    allUnavailable = false;
                    delivered++;
                    held--;
                    settle(callbacks, e, n, null, "");
                    callbacks.add(() -> listener.onDelivered(n));
                } else {
                    SendResult.Failed f = (SendResult.Failed) r;
                    if (f.reason() != FailureReason.UNAVAILABLE) {
                        allUnavailable = false;
                    }
                    if (f.reason() == FailureReason.TOKEN_INVALID) {
                        allRetryable = false;
                        tokenInvalid++;
                        held--;
                        settle(callbacks, e, n, f.reason(), f.detail());
                        callbacks.add(() -> listener.onTokenInvalid(n, f.detail()));
                    } else if (f.reason().permanent()) {
                        allRetryable = false;
                        permanentFailures++;
                        held--;
                        settle(callbacks, e, n, f.reason(), f.detail());
                        callbacks.add(() -> listener.onFailed(n, f.reason(), f.detail()));
                    } else {
                        lastReason = f.detail();
                        long pause = pauseFor(f);
                        if (pause > pauseNanos) {
                            pauseNanos = pause;
                            pausedBy = f;
                        }
                        if (e.attempts >= config.maxAttempts()) {
                            undeliverable++;
                            held--;
                            String why = "retry budget of " + config.maxAttempts() + " attempts spent, last: "
                                    + f.reason() + " " + f.detail();
                            if (e.tags != null) {
                                // a durable worker decides (dead letter); its listener call comes from there
                                settle(callbacks, e, n, f.reason(), why);
                            } else {
                                callbacks.add(() -> listener.onFailed(n, f.reason(), why));
                            }
                        } else {
                            retried++;
                            long backoffNanos = backoff.apply(e.attempts) * 1_000_000L;
                            e.readyAt = now + Math.max(Math.max(backoffNanos, f.retryAfter().toNanos()), pause);
                            e.notBefore = e.readyAt;
                            requeue(e);
                        }
                    }
                }
                if (next != null) {
                    waiting.add(next);
                }
            }
            if (batchFailure != null || allUnavailable) {
                breaker.onError(tookNanos, TimeUnit.NANOSECONDS,
                        new IllegalStateException(batchFailure != null ? batchFailure : "every notification failed: "
                                + lastReason));
            } else {
                breaker.onSuccess(tookNanos, TimeUnit.NANOSECONDS);
            }
            if (pausedBy != null && now + pauseNanos - holdUntil > 0) {
                // one pause of the whole provider, announced once: the quota is the project's, the credentials
                // are the provider's; no token is to blame
                holdUntil = now + pauseNanos;
                providerPauses++;
                SendResult.Failed by = pausedBy;
                java.time.Duration pause = java.time.Duration.ofNanos(pauseNanos);
                LOG.warn("dispatcher '{}': provider paused for {} ({} {})", config.name(), pause, by.reason(),
                        by.detail());
                callbacks.add(() -> listener.onProviderPaused(by.reason(), pause, by.detail()));
            }
            providerFailing = allRetryable;
            if (allRetryable && lastReason != null) {
                lastFailure = lastReason;
            }
        }
        for (Runnable c : callbacks) {
            try {
                c.run();
            } catch (RuntimeException ex) {
                LOG.warn("dispatcher '{}': listener failed", config.name(), ex);
            }
        }
        pump();
    }

    // guarded by lock: queues the settlement of a tagged entry (a copy of its tags: the entry may live on)
    private void settle(List<Runnable> callbacks, Entry e, Notification n, @Nullable FailureReason reason,
                        String detail) {
        Settlement s = settlement;
        if (s != null && e.tags != null) {
            List<Object> tags = List.copyOf(e.tags);
            callbacks.add(() -> s.settled(n, tags, reason, detail));
        }
    }

    // how long one failure pauses the whole provider: quota for Retry-After (at least the first backoff when the
    // provider named none), credentials for credentialsPause; 0 for a failure of this notification only
    private long pauseFor(SendResult.Failed f) {
        return switch (f.reason()) {
            case QUOTA_EXCEEDED -> Math.max(f.retryAfter().toNanos(), config.initialBackoff().toNanos());
            case CREDENTIALS -> Math.max(f.retryAfter().toNanos(), config.credentialsPause().toNanos());
            default -> 0;
        };
    }

    // guarded by lock: a retried notification re-enters the buffer; a newer one of its group absorbs it
    private void requeue(Entry e) {
        Entry newer = e.id == null ? null : collapsible.get(e.id);
        if (newer != null) {
            newer.count += e.count;
            if (e.tags != null) {
                e.tags.forEach(newer::tag);
            }
            held--;
            return;
        }
        if (e.id != null) {
            collapsible.put(e.id, e);
        }
        waiting.add(e);
    }

    @Override
    public void flush() {
        Futures.join(flushAsync());
    }

    @Override
    public CompletionStage<Void> flushAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (lock) {
            long now = ticker.read();
            // collapse windows and batch delays end now; rate-limit and backoff deadlines (notBefore) stay
            List<Entry> all = new ArrayList<>(waiting);
            waiting.clear();
            for (Entry e : all) {
                if (e.mayGoAt(now)) {
                    e.readyAt = now - batchDelayNanos;
                }
                waiting.add(e);
            }
            for (Entry e : ready) {
                e.readyAt = Math.min(e.readyAt, now - batchDelayNanos);
            }
            flushWaiters.add(done);
        }
        pump();
        return done;
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync().toCompletableFuture();
        try {
            done.get(config.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandonPending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonPending();
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } finally {
            if (ownedTimer != null) {
                ownedTimer.shutdownNow();
            }
        }
    }

    private void abandonPending() {
        List<Notification> left = new ArrayList<>();
        List<Runnable> settlements = new ArrayList<>();
        synchronized (lock) {
            List<Entry> all = new ArrayList<>(waiting);
            all.addAll(ready);
            all.addAll(blocked.values());
            for (Entry e : all) {
                Notification n = e.latest.withCollapsedCount(e.count);
                if (e.tags != null) {
                    // a durable worker's: left to its consumer group, not reported as failed here
                    settle(settlements, e, n, FailureReason.CLOSED, "closed before it could be sent");
                } else {
                    left.add(n);
                }
            }
            blocked.clear();
            undeliverable += left.size();
            held -= all.size();
            waiting.clear();
            ready.clear();
            collapsible.clear();
        }
        settlements.forEach(Runnable::run);
        LOG.warn("dispatcher '{}' closed with {} notifications unsent", config.name(), left.size());
        for (Notification n : left) {
            try {
                listener.onFailed(n, FailureReason.CLOSED, "closed before it could be sent");
            } catch (RuntimeException ex) {
                LOG.warn("dispatcher '{}': listener failed", config.name(), ex);
            }
        }
    }

    @Override
    public CompletionStage<Void> closeAsync() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                long now = ticker.read();
                List<Entry> all = new ArrayList<>(waiting);
                waiting.clear();
                for (Entry e : all) {
                    if (e.mayGoAt(now)) {
                        e.readyAt = now;
                    }
                    waiting.add(e);
                }
            }
        }
        pump();
        return drained.copy();
    }

    @Override
    public DispatchStats stats() {
        synchronized (lock) {
            return new DispatchStats(accepted, collapsed, rejected, providerCalls, sent, delivered, retried,
                    tokenInvalid, permanentFailures, undeliverable, rateDeferred, providerPauses, duplicates, held);
        }
    }

    @Override
    public DispatchConfig config() {
        return config;
    }

    @Override
    public String toString() {
        return "InMemoryNotificationDispatcher[" + config.name() + ", " + stats() + "]";
    }

    private static String abbreviate(String token) {
        return token.length() <= 12 ? token : token.substring(0, 8) + "…";
    }

    private record CollapseId(String token, String collapseKey) {
    }

    /** The dispatcher's ticker as a {@link java.time.Clock}, so the breaker's open state waits on the same time. */
    private static final class TickerClock extends java.time.Clock {
        private final Ticker ticker;

        TickerClock(Ticker ticker) {
            this.ticker = ticker;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochSecond(0, ticker.read());
        }
    }

    /** One pending notification (or collapse group); fields guarded by the dispatcher's lock. */
    private static final class Entry {
        final @Nullable CollapseId id;
        final long sequence;
        Notification latest;
        int count;
        @Nullable List<Object> tags;
        long readyAt;
        long notBefore;
        int attempts;

        Entry(@Nullable CollapseId id, Notification first, long sequence, long readyAt) {
            this.id = id;
            this.latest = first;
            this.count = first.collapsedCount();
            this.sequence = sequence;
            this.readyAt = readyAt;
            this.notBefore = Long.MIN_VALUE;
        }

        void tag(@Nullable Object tag) {
            if (tag != null) {
                if (tags == null) {
                    tags = new ArrayList<>(1);
                }
                tags.add(tag);
            }
        }

        /** Whether no rate limit or backoff holds it back at {@code now}. */
        boolean mayGoAt(long now) {
            return notBefore == Long.MIN_VALUE || notBefore - now <= 0;
        }
    }
}
