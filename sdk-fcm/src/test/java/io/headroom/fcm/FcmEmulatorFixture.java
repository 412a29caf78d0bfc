package io.headroom.fcm;

import io.headroom.spi.PushProvider;
import io.headroom.testkit.FcmEmulator;
import io.headroom.testkit.contract.PushFixture;
import java.time.Duration;
import java.util.List;

/** The contract's fixture on the real HTTP path: {@link FcmPushProvider} talking to a shared {@link FcmEmulator}. */
final class FcmEmulatorFixture implements PushFixture {

    private static final FcmEmulator EMULATOR = FcmEmulator.start("contract");
    private static final FcmPushProvider PROVIDER = FcmPushProvider.create(FcmOptions.builder("contract", () -> "test-token")
            .endpoint(EMULATOR.endpoint()).maxConcurrentRequests(8).build());

    FcmEmulatorFixture() {
        EMULATOR.reset();
    }

    @Override
    public PushProvider provider() {
        return PROVIDER;
    }

    @Override
    public List<Pushed> accepted() {
        return EMULATOR.received().stream()
                .map(r -> new Pushed(r.token(), r.collapseKey(), r.title(), r.collapsedCount())).toList();
    }

    @Override
    public void unregister(String token) {
        EMULATOR.unregister(token);
    }

    @Override
    public void fault(String token, FcmEmulator.Fault fault, int times) {
        EMULATOR.fault(token, fault, times);
    }

    @Override
    public void failNext(int count, Duration retryAfter) {
        EMULATOR.quotaExceeded(count, retryAfter);
    }

    @Override
    public void down() {
        EMULATOR.down();
    }

    @Override
    public void up() {
        EMULATOR.up();
    }

    @Override
    public void close() {
        EMULATOR.reset();
    }
}
