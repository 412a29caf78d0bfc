package io.headroom.testkit.contract;

import io.headroom.spi.PushProvider;
import io.headroom.testkit.FcmEmulator;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PushProvider} under test together with its far side (what it accepted) and its fault switches, so
 * {@link NotificationDispatcherContract} runs unchanged against an in-process provider and against a real HTTP
 * provider talking to {@link io.headroom.testkit.FcmEmulator}.
 */
public interface PushFixture extends AutoCloseable {

    /**
     * One notification the far side accepted.
     *
     * @param token the device token
     * @param collapseKey the collapse key, or {@code null}
     * @param title the title
     * @param collapsedCount how many submitted notifications it stands for
     */
    record Pushed(String token, @Nullable String collapseKey, String title, int collapsedCount) {
    }

    /**
     * Returns the provider under test.
     *
     * @return the provider
     */
    PushProvider provider();

    /**
     * Returns what the far side accepted, in order.
     *
     * @return an immutable snapshot
     */
    List<Pushed> accepted();

    /**
     * Makes every later notification to {@code token} fail permanently with {@code UNREGISTERED}.
     *
     * @param token the device token
     */
    void unregister(String token);

    /**
     * Makes the next {@code times} notifications to {@code token} fail with the error class {@code fault}, the way
     * FCM answers it ({@link Integer#MAX_VALUE}: every later one); replaces an earlier fault of that token.
     *
     * @param token the device token
     * @param fault the error class
     * @param times how many, at least 1
     */
    void fault(String token, FcmEmulator.Fault fault, int times);

    /**
     * Makes the next {@code count} notifications fail retryably (429) with {@code retryAfter}.
     *
     * @param count how many
     * @param retryAfter the provider's {@code Retry-After}, whole seconds for HTTP
     */
    void failNext(int count, Duration retryAfter);

    /** Makes every later notification fail retryably (503) until {@link #up()}. */
    void down();

    /** Ends {@link #down()}. */
    void up();

    /** Releases what the fixture started. */
    @Override
    void close();
}
