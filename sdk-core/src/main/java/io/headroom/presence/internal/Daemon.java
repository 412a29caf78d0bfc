package io.headroom.presence.internal;

import io.headroom.ClosedException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread a presence instance owns (its sweeper and watch dispatcher), and its open/closed state:
 * after {@link #close()} every call's {@link #checkOpen()} throws {@link ClosedException}. Thread-safe.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final String kind;
    private final String name;
    private final ScheduledThreadPoolExecutor executor;
    private volatile boolean closed;

    /**
     * Starts the thread.
     *
     * @param kind the primitive's kind, e.g. {@code "presence"}
     * @param name the primitive's configured name
     */
    public Daemon(String kind, String name) {
        this.kind = kind;
        this.name = name;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "headroom-" + kind + "-" + name);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * The executor: deliveries and sweeps run on its one thread, one at a time.
     *
     * @return the executor
     */
    public ScheduledExecutorService executor() {
        return executor;
    }

    /**
     * Runs {@code task} every {@code interval}; a failing run is logged and the next one still runs.
     *
     * @param task the task
     * @param interval the pause between runs
     */
    public void every(Duration interval, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{} '{}': background task failed: {}", kind, name, e.toString());
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Throws when closed; the first check of every public call.
     *
     * @throws ClosedException after {@link #close()}
     */
    public void checkOpen() {
        if (closed) {
            throw ClosedException.of(kind, name);
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Marks closed and stops the thread (a running task finishes). Idempotent. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
