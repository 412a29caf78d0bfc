package io.headroom.testkit.contract;

import io.headroom.notify.FailureReason;
import io.headroom.notify.Notification;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import io.headroom.testkit.FcmEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PushFixture} whose provider answers in the calling thread, with FCM's error codes: for
 * {@code *ContractTest}s of the dispatcher and for users' own unit tests. Thread-safe.
 */
public final class InProcessPushFixture implements PushFixture {

    private final List<Pushed> accepted = new ArrayList<>();
    private final Set<String> unregistered = ConcurrentHashMap.newKeySet();
    // token -> [fault, remaining]; guarded by this
    private final Map<String, Object[]> faults = new HashMap<>();
    private int failuresLeft;
    private Duration retryAfter = Duration.ZERO;
    private volatile boolean down;
    private long ids;

    private final PushProvider provider = batch -> {
        List<SendResult> out = new ArrayList<>(batch.size());
        synchronized (this) {
            for (Notification n : batch) {
                FcmEmulator.Fault f;
                if (down) {
                    out.add(SendResult.failed(FailureReason.UNAVAILABLE, "UNAVAILABLE"));
                } else if (failuresLeft > 0) {
                    failuresLeft--;
                    out.add(SendResult.failed(FailureReason.QUOTA_EXCEEDED, "QUOTA_EXCEEDED", retryAfter));
                } else if (unregistered.contains(n.token())) {
                    out.add(SendResult.failed(FailureReason.TOKEN_INVALID, "UNREGISTERED"));
                } else if ((f = takeFault(n.token())) != null) {
                    out.add(SendResult.failed(f.reason(), f.name(),
                            f == FcmEmulator.Fault.QUOTA_EXCEEDED ? Duration.ofSeconds(1) : Duration.ZERO));
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

    // guarded by this
    private FcmEmulator.@Nullable Fault takeFault(String token) {
        Object[] f = faults.get(token);
        if (f == null) {
            return null;
        }
        int left = (Integer) f[1];
        if (left != Integer.MAX_VALUE && left - 1 <= 0) {
            faults.remove(token);
        } else if (left != Integer.MAX_VALUE) {
            f[1] = left - 1;
        }
        return (FcmEmulator.Fault) f[0];
    }

    @Override
    public synchronized void fault(String token, FcmEmulator.Fault fault, int times) {
        if (token == null || fault == null || times < 1) {
            throw new IllegalArgumentException("token and fault must not be null and times at least 1");
        }
        faults.put(token, new Object[] {fault, times});
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
