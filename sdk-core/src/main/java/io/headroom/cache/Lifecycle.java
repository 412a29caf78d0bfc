package io.headroom.cache;

import io.headroom.ClosedException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a cache is open, and the background work (refreshes) it has in flight, so {@code close()} can stop
 * it: a closed cache refuses every call with {@link ClosedException}, stores nothing more, and its background
 * tasks end with that exception. Thread-safe.
 */
final class Lifecycle {

    private final String name;
    private final Set<CompletableFuture<?>> background = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Lifecycle(String name) {
        this.name = name;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Throws when closed; the first check of every call.
     *
     * @throws ClosedException after {@link #close()}
     */
    void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    ClosedException closedException() {
        return ClosedException.of("cache", name);
    }

    /**
     * Keeps {@code task} until it completes, so close can end it.
     *
     * @param task background work
     */
    void track(CompletableFuture<?> task) {
        background.add(task);
        task.whenComplete((v, e) -> background.remove(task));
        if (closed) {
            task.completeExceptionally(closedException());
        }
    }

    /**
     * Marks the cache closed and ends its background work.
     *
     * @return {@code true} on the first call only
     */
    boolean close() {
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
        }
        ClosedException e = closedException();
        for (CompletableFuture<?> task : background) {
            task.completeExceptionally(e);
        }
        background.clear();
        return true;
    }
}
