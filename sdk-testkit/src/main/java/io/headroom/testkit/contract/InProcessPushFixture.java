package io.headroom.testkit.contract;

import io.headroom.notify.Notification;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PushFixture} whose provider answers in the calling thread, with FCM's error codes: for
 * {@code *ContractTest}s of the dispatcher and for users' own unit tests. Thread-safe.
 */
public final class InProcessPushFixture implements PushFixture {

    private final List<Pushed> accepted = new ArrayList<>();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    private int failuresLeft;
    private Duration retryAfter = Duration.ZERO;
    private volatile boolean down;
    private long ids;

    private final PushProvider provider = batch -> {
        List<SendResult> out = new ArrayList<>(batch.size());
        synchronized (this) {
            for (Notification n : batch) {
                if (down) {
                    out.add(SendResult.retryable(Duration.ZERO, "UNAVAILABLE"));
                } else if (failuresLeft > 0) {
                    failuresLeft--;
                    out.add(SendResult.retryable(retryAfter, "QUOTA_EXCEEDED"));
                } else if (unregistered.contains(n.token())) {
                    out.add(SendResult.permanent("UNREGISTERED"));
                } else {
                    accepted.add(new Pushed(n.token(), n.collapseKey(), n.title(), n.collapsedCount()));
                    out.add(SendResult.delivered("messages/" + (++ids)));
                }
            }
        }
        return CompletableFuture.completedFuture(List.copyOf(out));
    };

    @Override
    public PushProvider provider() {
        return provider;
    }

    @Override
    public synchronized List<Pushed> accepted() {
        return List.copyOf(accepted);
    }

    @Override
    public void unregister(String token) {
        unregistered.add(token);
    }

    @Override
    public synchronized void failNext(int count, Duration retryAfter) {
        this.failuresLeft = count;
        this.retryAfter = retryAfter;
    }

    @Override
    public void down() {
        down = true;
    }

    @Override
    public void up() {
        down = false;
    }

    @Override
    public void close() {
    }
}
