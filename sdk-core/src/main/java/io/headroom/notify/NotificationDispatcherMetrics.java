package io.headroom.notify;

import io.headroom.internal.Arguments;
import io.headroom.internal.BackendTimers;
import io.headroom.spi.PushProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer instrumentation for any {@link NotificationDispatcher}; usable only when Micrometer is on the class
 * path (it is an optional dependency of sdk-core, and nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code dispatcher=<config name>}: function counter {@code headroom.notify.notifications} with
 * {@code outcome=accepted|collapsed|rejected|sent|delivered|retried|token_invalid|permanent_failure|undeliverable|rate_deferred|provider_paused|duplicate},
 * function counter {@code headroom.notify.provider.calls}, and gauge {@code headroom.notify.pending}. They read
 * {@link NotificationDispatcher#stats()} when scraped, so the hot path pays nothing. The provider is the
 * dispatcher's backend: Timer {@code headroom.notify.backend.calls} with {@code result=success|failure} times
 * every {@link PushProvider#sendBatch} call on the dispatcher's ticker (a failure: it threw, failed, timed out or
 * answered with the wrong number of results; a batch answered with retryable results is a successful call).
 */
public final class NotificationDispatcherMetrics {

    private NotificationDispatcherMetrics() {
    }

    /**
     * Registers the meters of {@code dispatcher} in {@code registry} and starts timing its provider calls.
     *
     * @param dispatcher the dispatcher to observe; the meters hold a strong reference to it
     * @param registry where the meters go
     * @return {@code dispatcher} itself (its meters read its statistics), to use from now on
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static NotificationDispatcher bind(NotificationDispatcher dispatcher, MeterRegistry registry) {
        Arguments.notNull(dispatcher, "dispatcher");
        Arguments.notNull(registry, "registry");
        String name = dispatcher.config().name();
        BackendTimers.bind(dispatcher, registry, "notify", "dispatcher", name);
        outcome(registry, dispatcher, name, "accepted", s -> s.accepted());
        outcome(registry, dispatcher, name, "collapsed", s -> s.collapsed());
        outcome(registry, dispatcher, name, "rejected", s -> s.rejected());
        outcome(registry, dispatcher, name, "sent", s -> s.sent());
        outcome(registry, dispatcher, name, "delivered", s -> s.delivered());
        outcome(registry, dispatcher, name, "retried", s -> s.retried());
        outcome(registry, dispatcher, name, "token_invalid", s -> s.tokenInvalid());
        outcome(registry, dispatcher, name, "permanent_failure", s -> s.permanentFailures());
        outcome(registry, dispatcher, name, "undeliverable", s -> s.undeliverable());
        outcome(registry, dispatcher, name, "rate_deferred", s -> s.rateDeferred());
        outcome(registry, dispatcher, name, "provider_paused", s -> s.providerPauses());
        outcome(registry, dispatcher, name, "duplicate", s -> s.duplicates());
        FunctionCounter.builder("headroom.notify.provider.calls", dispatcher, d -> d.stats().providerCalls())
                .tag("dispatcher", name).description("calls of PushProvider.sendBatch").register(registry);
        Gauge.builder("headroom.notify.pending", dispatcher, d -> d.stats().pending())
                .tag("dispatcher", name).description("notifications held, buffered plus in flight")
                .register(registry);
        return dispatcher;
    }

    private static void outcome(MeterRegistry registry, NotificationDispatcher d, String name, String outcome,
                                ToDoubleFunction<DispatchStats> f) {
        FunctionCounter.builder("headroom.notify.notifications", d, x -> f.applyAsDouble(x.stats()))
                .tag("dispatcher", name).tag("outcome", outcome).description("notifications by outcome")
                .register(registry);
    }
}
