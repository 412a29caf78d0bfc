package io.headroom.opensearch.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;

/**
 * Turns single writes into bulk requests, in call order: writes queue up while one bulk request is in flight and go
 * out together in the next (at most {@code bulkSize} per request), so writes are applied in the order they were
 * called (one request at a time per index; OpenSearch applies the items of one request to a shard in order) and a
 * burst of writes costs few round trips. Thread-safe.
 */
public final class WriteQueue {

    /** One queued write and the stage its caller waits on. */
    public record Write(BulkOperation operation, CompletableFuture<Void> done) {
    }

    private final int bulkSize;
    private final Function<List<Write>, CompletableFuture<Void>> sender;
    private final ArrayDeque<Write> pending = new ArrayDeque<>();
    private boolean inFlight;
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    /**
     * Creates a queue.
     *
     * @param bulkSize the most writes per request
     * @param sender sends one request and completes each write's {@code done}; its stage completes (normally) once
     *     every write of the request is completed
     */
    public WriteQueue(int bulkSize, Function<List<Write>, CompletableFuture<Void>> sender) {
        this.bulkSize = bulkSize;
        this.sender = sender;
    }

    /**
     * Queues a write.
     *
     * @param operation the bulk item
     * @return a stage completing when the write is applied, or failing with its error
     */
    public CompletableFuture<Void> submit(BulkOperation operation) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            pending.add(new Write(operation, done));
            last = done;
        }
        drain();
        return done;
    }

    /**
     * A stage completing (normally, whatever their outcome) when every write queued before this call is done.
     *
     * @return the barrier
     */
    public synchronized CompletableFuture<Void> barrier() {
        return last.handle((v, t) -> null);
    }

    private void drain() {
        List<Write> batch;
        synchronized (this) {
            if (inFlight || pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(Math.min(bulkSize, pending.size()));
            while (batch.size() < bulkSize && !pending.isEmpty()) {
                Write w = pending.poll();
                if (!w.done().isDone()) { // timed out while queued: never sent
                    batch.add(w);
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            inFlight = true;
        }
        CompletableFuture<Void> sent;
        try {
            sent = sender.apply(batch);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((v, t) -> {
            if (t != null) {
                batch.forEach(w -> w.done().completeExceptionally(t));
            }
            synchronized (this) {
                inFlight = false;
            }
            drain();
        });
    }
}
