package io.headroom.internal;

import io.headroom.spi.BackendCallObserver;
import io.headroom.spi.ObservableBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The backend-call timer every metrics binder registers, so all primitives time their backend calls the same
 * way: Micrometer {@code Timer} {@code headroom.<concern>.backend.calls}, tagged with the primitive's name and
 * {@code result=success|failure}. Loaded only by the binders (Micrometer is optional). Stateless, thread-safe.
 */
public final class BackendTimers {

    private BackendTimers() {
    }

    /**
     * Registers the timers and installs an observer feeding them when {@code primitive} calls a remote backend
     * ({@link ObservableBackend}); does nothing for an embedded primitive, which makes no backend calls.
     *
     * @param primitive the primitive being bound
     * @param registry where the timers go
     * @param concern the meter's concern, e.g. {@code "ratelimit"}
     * @param tag the tag naming the primitive, e.g. {@code "limiter"}
     * @param name the primitive's configured name
     */
    public static void bind(Object primitive, MeterRegistry registry, String concern, String tag, String name) {
        if (!(primitive instanceof ObservableBackend observable)) {
            return;
        }
        String meter = "headroom." + concern + ".backend.calls";
        Timer success = Timer.builder(meter).tag(tag, name).tag("result", "success")
                .description("backend calls, by outcome").register(registry);
        Timer failure = Timer.builder(meter).tag(tag, name).tag("result", "failure")
                .description("backend calls, by outcome").register(registry);
        observable.observeBackendCalls((nanos, error) ->
                (error == null ? success : failure).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    }
}
