package io.headroom.testkit;

import io.headroom.notify.DispatchScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link DispatchScheduler} driven by a {@link ManualTicker}: tasks run only inside {@link #advance(Duration)}
 * or {@link #runDue()}, on the calling thread, in time order, with the ticker set to each task's time first. With
 * both, a dispatcher's batching delays, rate limits and retry backoff happen exactly when a test says.
 *
 * <p>Thread-safe: tasks may be scheduled from any thread (a provider's I/O thread, for instance).
 */
public final class ManualScheduler implements DispatchScheduler {

    private record Task(long at, long seq, Runnable run) {
    }

    private final ManualTicker ticker;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long seq;

    /**
     * Creates a scheduler reading and moving {@code ticker}.
     *
     * @param ticker the time source shared with the code under test
     * @throws IllegalArgumentException when {@code ticker} is {@code null}
     */
    public ManualScheduler(ManualTicker ticker) {
        if (ticker == null) {
            throw new IllegalArgumentException("ticker must not be null");
        }
        this.ticker = ticker;
    }

    /**
     * Returns the ticker this scheduler moves.
     *
     * @return the ticker
     */
    public ManualTicker ticker() {
        return ticker;
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        if (task == null || delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("task and delay must be non-null and delay not negative, were "
                    + task + ", " + delay);
        }
        synchronized (tasks) {
            tasks.add(new Task(ticker.read() + delay.toNanos(), seq++, task));
        }
    }

    /**
     * Moves time forward by {@code duration}, running every task that falls due on the way, in time order.
     *
     * @param duration zero or positive
     * @return how many tasks ran
     * @throws IllegalArgumentException when {@code duration} is {@code null} or negative
     */
    public int advance(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("duration must be zero or positive, was " + duration);
        }
        long end = ticker.read() + duration.toNanos();
        int ran = 0;
        while (true) {
            Task next;
            synchronized (tasks) {
                next = tasks.peek();
                if (next == null || next.at - end > 0) {
                    break;
                }
                tasks.poll();
            }
            if (next.at - ticker.read() > 0) {
                ticker.set(next.at);
            }
            next.run.run();
            ran++;
        }
        if (end - ticker.read() > 0) {
            ticker.set(end);
        }
        return ran;
    }

    /**
     * Runs the tasks due now without moving time.
     *
     * @return how many tasks ran
     */
    public int runDue() {
        return advance(Duration.ZERO);
    }

    /**
     * Returns how many tasks wait.
     *
     * @return the number of scheduled, not yet run tasks
     */
    public int pending() {
        synchronized (tasks) {
            return tasks.size();
        }
    }

    /**
     * Returns when the scheduled tasks are due, relative to now; for diagnostics.
     *
     * @return the delays, earliest first
     */
    public List<Duration> dueIn() {
        List<Duration> out = new ArrayList<>();
        synchronized (tasks) {
            tasks.stream().sorted((a, b) -> Long.compare(a.at, b.at))
                    .forEach(t -> out.add(Duration.ofNanos(t.at - ticker.read())));
        }
        return out;
    }
}
