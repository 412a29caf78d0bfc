package io.headroom.notify;

import io.headroom.Ticker;
import java.time.Duration;
import java.util.PriorityQueue;

/** A minimal manual ticker + scheduler for sdk-core's own tests (the test kit's ManualScheduler depends on sdk-core). */
final class NotifyTestClock implements Ticker, DispatchScheduler {
    private record Task(long at, long seq, Runnable run) {
    }

    private long now = 5_000_000_000L;
    private long seq;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));

    @Override
    public synchronized long read() {
        return now;
    }

    @Override
    public synchronized void schedule(Runnable task, Duration delay) {
        tasks.add(new Task(now + delay.toNanos(), seq++, task));
    }

    void advance(Duration d) {
        long end;
        synchronized (this) {
            end = now + d.toNanos();
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = tasks.peek();
                if (t == null || t.at > end) {
                    now = end;
                    return;
                }
                tasks.poll();
                now = Math.max(now, t.at);
            }
            t.run.run();
        }
    }
}
