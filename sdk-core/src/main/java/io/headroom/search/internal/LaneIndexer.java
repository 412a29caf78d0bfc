package io.headroom.search.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.internal.Futures;
import io.headroom.search.IndexProgress;
import io.headroom.search.IndexerConfig;
import io.headroom.search.ReindexResult;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndexer;
import io.headroom.spi.BulkOperation;
import io.headroom.spi.VersionedSearchBackend;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link SearchIndexer} of every backend, over its {@link VersionedSearchBackend}: operations go to a lane by
 * id hash; each lane has at most one bulk request in flight and sends what accumulated meanwhile as the next one
 * (no timer: under load batches fill up, when idle an operation goes at once). A semaphore of
 * {@link IndexerConfig#maxPending()} permits is the backpressure. Resilience4j retries a failed request.
 * Thread-safe.
 *
 * @param <T> the indexed type
 */
public final class LaneIndexer<T> implements SearchIndexer<T> {

    private final String name;
    private final SearchConfig indexConfig;
    private final VersionedSearchBackend<T> backend;
    private final IndexerConfig config;
    private final Consumer<IndexProgress> progress;
    private final List<Lane> lanes;
    private final Semaphore room;
    private final Retry retry;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean reindexing = new AtomicBoolean();
    // submits hold the read lock while they enqueue (and record for replay); the switch of a reindex holds the
    // write lock, so no operation can reach the old version unrecorded once the replay has started
    private final ReentrantReadWriteLock switchLock = new ReentrantReadWriteLock();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private volatile @Nullable List<BulkOperation> recording;

    /**
     * Creates the indexer.
     *
     * @param indexConfig the index's configuration (name, write timeout)
     * @param backend the backend
     * @param config the indexer's configuration
     * @param progress the progress callback
     */
    public LaneIndexer(SearchConfig indexConfig, VersionedSearchBackend<T> backend, IndexerConfig config,
                       Consumer<IndexProgress> progress) {
        this.indexConfig = indexConfig;
        this.name = indexConfig.name();
        this.backend = backend;
        this.config = config;
        this.progress = progress;
        this.room = new Semaphore(config.maxPending());
        List<Lane> all = new ArrayList<>(config.lanes());
        for (int i = 0; i < config.lanes(); i++) {
            all.add(new Lane());
        }
        this.lanes = List.copyOf(all);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "headroom-indexer-" + name);
            t.setDaemon(true);
            return t;
        });
        this.retry = Retry.of("headroom-indexer-" + name, RetryConfig.custom()
                .maxAttempts(config.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(config.retryBackoff(), 2.0))
                .retryOnException(e -> Futures.unwrap(e) instanceof BackendUnavailableException)
                .build());
        retry.getEventPublisher().onRetry(e -> retries.incrementAndGet());
    }

    @Override
    public void upsert(T value) {
        Futures.join(upsertAsync(value));
    }

    @Override
    public CompletionStage<Void> upsertAsync(T value) {
        Arguments.notNull(value, "value");
        ensureOpen();
        return submit(BulkOperation.upsert(backend.toDocument(value)));
    }

    @Override
    public void delete(String id) {
        Futures.join(deleteAsync(id));
    }

    @Override
    public CompletionStage<Void> deleteAsync(String id) {
        Arguments.key(id, "id");
        ensureOpen();
        return submit(BulkOperation.delete(id));
    }

    private CompletionStage<Void> submit(BulkOperation op) {
        try {
            if (!room.tryAcquire(config.submitTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new BackendUnavailableException("search indexer '" + name + "': " + config.maxPending()
                        + " operations pending for " + config.submitTimeout() + " (backpressure; "
                        + indexConfig.outagePolicy() + ")", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendUnavailableException("search indexer '" + name + "': interrupted while waiting for room",
                    e);
        }
        Pending p = new Pending(op, new CompletableFuture<>());
        submitted.incrementAndGet();
        pending.incrementAndGet();
        switchLock.readLock().lock();
        try {
            List<BulkOperation> rec = recording;
            if (rec != null) {
                synchronized (rec) {
                    rec.add(op);
                }
            }
            lanes.get(Math.floorMod(op.id().hashCode(), lanes.size())).add(p);
        } finally {
            switchLock.readLock().unlock();
        }
        return p.done.copy();
    }

    @Override
    public void flush() {
        Futures.join(flushAsync());
    }

    @Override
    public CompletionStage<Void> flushAsync() {
        ensureOpen();
        return drained();
    }

    private CompletableFuture<Void> drained() {
        List<CompletableFuture<Void>> last = new ArrayList<>();
        for (Lane lane : lanes) {
            last.add(lane.last().handle((v, t) -> null));
        }
        return CompletableFuture.allOf(last.toArray(CompletableFuture[]::new));
    }

    @Override
    public ReindexResult reindex(Iterable<? extends T> source) {
        Arguments.notNull(source, "source");
        ensureOpen();
        if (!reindexing.compareAndSet(false, true)) {
            throw new IllegalStateException("search indexer '" + name + "': a reindex is already running");
        }
        String version = null;
        try {
            recording = new ArrayList<>();
            String previous = backend.liveVersion();
            version = backend.createVersion();
            long documents = load(version, source);
            // replay what was submitted meanwhile: first without blocking submits, then the rest under the lock
            long replayed = replay(version);
            switchLock.writeLock().lock();
            try {
                replayed += replay(version);
                recording = null;
                Futures.join(Futures.orTimeout(drained(), indexConfig.writeTimeout()));
                Futures.join(backend.refresh(version));
                backend.switchTo(version);
            } finally {
                switchLock.writeLock().unlock();
            }
            report();
            return new ReindexResult(previous, version, documents, replayed);
        } catch (RuntimeException e) {
            recording = null;
            if (version != null && !version.equals(safeLive())) {
                try {
                    backend.dropVersion(version);
                } catch (RuntimeException dropFailure) {
                    e.addSuppressed(dropFailure);
                }
            }
            throw e;
        } finally {
            reindexing.set(false);
        }
    }

    private @Nullable String safeLive() {
        try {
            return backend.liveVersion();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private long load(String version, Iterable<? extends T> source) {
        // at most `lanes` bulk requests of the load in flight
        Semaphore inFlight = new Semaphore(config.lanes());
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        List<BulkOperation> batch = new ArrayList<>(config.batchSize());
        long n = 0;
        for (T value : source) {
            batch.add(BulkOperation.upsert(backend.toDocument(Arguments.notNull(value, "source value"))));
            n++;
            if (batch.size() == config.batchSize()) {
                sent.add(sendLoad(version, batch, inFlight));
                batch = new ArrayList<>(config.batchSize());
            }
            ensureOpen();
        }
        if (!batch.isEmpty()) {
            sent.add(sendLoad(version, batch, inFlight));
        }
        Futures.join(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));
        return n;
    }

    private CompletableFuture<Void> sendLoad(String version, List<BulkOperation> batch, Semaphore inFlight) {
        inFlight.acquireUninterruptibly();
        CompletableFuture<Void> f = send(version, batch);
        f.whenComplete((v, t) -> inFlight.release());
        return f;
    }

    private long replay(String version) {
        List<BulkOperation> rec = recording;
        if (rec == null) {
            return 0;
        }
        List<BulkOperation> ops;
        synchronized (rec) {
            ops = new ArrayList<>(rec);
            rec.clear();
        }
        // in order, one request at a time: the last operation on an id must win
        for (int i = 0; i < ops.size(); i += config.batchSize()) {
            Futures.join(send(version, ops.subList(i, Math.min(ops.size(), i + config.batchSize()))));
        }
        return ops.size();
    }

    @Override
    public CompletionStage<ReindexResult> reindexAsync(Iterable<? extends T> source) {
        Arguments.notNull(source, "source");
        ensureOpen();
        return CompletableFuture.supplyAsync(() -> reindex(source), r -> {
            Thread t = new Thread(r, "headroom-indexer-" + name + "-reindex");
            t.setDaemon(true);
            t.start();
        });
    }

    @Override
    public IndexProgress progress() {
        return new IndexProgress(submitted.get(), applied.get(), failed.get(), retries.get(), pending.get(),
                reindexing.get());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            drained().get(indexConfig.writeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // close does not fail: what did not drain in time fails in its own stage or is dropped
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "SearchIndexer[" + name + "]";
    }

    private CompletableFuture<Void> send(String version, List<BulkOperation> batch) {
        List<BulkOperation> ops = List.copyOf(batch);
        return Retry.decorateCompletionStage(retry, scheduler, () -> backend.bulk(version, ops)).get()
                .toCompletableFuture();
    }

    private void report() {
        try {
            progress.accept(progress());
        } catch (RuntimeException e) {
            // a failing callback must not stop indexing
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw ClosedException.of("search indexer", name);
        }
    }

    private record Pending(BulkOperation op, CompletableFuture<Void> done) {
    }

    /** One lane: a queue and at most one bulk request in flight. */
    private final class Lane {
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean busy;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        synchronized void add(Pending p) {
            queue.add(p);
            last = p.done;
            if (!busy) {
                busy = true;
                sendNext();
            }
        }

        synchronized CompletableFuture<Void> last() {
            return last;
        }

        // called with the lane's monitor held
        private void sendNext() {
            if (queue.isEmpty()) {
                busy = false;
                return;
            }
            List<Pending> batch = new ArrayList<>(Math.min(queue.size(), config.batchSize()));
            while (!queue.isEmpty() && batch.size() < config.batchSize()) {
                batch.add(queue.poll());
            }
            List<BulkOperation> ops = new ArrayList<>(batch.size());
            batch.forEach(p -> ops.add(p.op));
            CompletableFuture<Void> sent;
            try {
                sent = send(backend.liveVersion(), ops);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            sent.whenComplete((v, t) -> {
                for (Pending p : batch) {
                    pending.decrementAndGet();
                    room.release();
                    if (t == null) {
                        applied.incrementAndGet();
                        p.done.complete(null);
                    } else {
                        failed.incrementAndGet();
                        p.done.completeExceptionally(Futures.unwrap(t));
                    }
                }
                report();
                synchronized (this) {
                    sendNext();
                }
            });
        }
    }
}
