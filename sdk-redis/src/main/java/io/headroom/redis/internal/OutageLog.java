package io.headroom.redis.internal;

import io.headroom.Ticker;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a backend outage without flooding: one warning when it starts, then at most one every 30 s with the number
 * of fallback decisions since the last line, and one line when calls succeed again. The 30 s are measured on the
 * injected {@link Ticker}. Thread-safe.
 */
public final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.headroom.redis");
    private static final long INTERVAL_NANOS = 30_000_000_000L;

    private final String subject;
    private final Ticker ticker;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong lastLog = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * Creates a log for one primitive instance, throttled on the system ticker.
     *
     * @param subject names the primitive in every line
     */
    public OutageLog(String subject) {
        this(subject, Ticker.system());
    }

    /**
     * Creates a log for one primitive instance.
     *
     * @param subject names the primitive in every line
     * @param ticker the elapsed-time source of the throttling
     */
    public OutageLog(String subject, Ticker ticker) {
        this.subject = subject;
        this.ticker = ticker;
    }

    /**
     * Records a failed call that was answered by the outage policy.
     *
     * @param error the failure
     */
    public void failed(Throwable error) {
        long now = ticker.read(); // log throttling only
        if (down.compareAndSet(false, true)) {
            lastLog.set(now);
            suppressed.set(0);
            LOG.warn("{}: Redis unavailable, deciding by outage policy: {}", subject, error.toString());
            return;
        }
        long last = lastLog.get();
        if (now - last >= INTERVAL_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.warn("{}: Redis still unavailable, {} more fallback decisions: {}", subject,
                    suppressed.getAndSet(0) + 1, error.toString());
        } else {
            suppressed.incrementAndGet();
        }
    }

    /** Records a successful call; logs the recovery once. */
    public void recovered() {
        if (down.get() && down.compareAndSet(true, false)) {
            LOG.info("{}: Redis available again, {} fallback decisions since the last warning", subject,
                    suppressed.getAndSet(0));
        }
    }
}
