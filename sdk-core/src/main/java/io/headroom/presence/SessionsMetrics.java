package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Meters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters for any {@link Sessions}; usable only when Micrometer is on the class path (an optional dependency
 * of sdk-core; nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code sessions=<config name>}, for a remote implementation (Redis): Timer
 * {@code headroom.sessions.backend.calls} with {@code result=success|failure} around every backend call from now on,
 * and function counter {@code headroom.sessions.fallbacks} (answers made by the outage policy). An embedded
 * implementation makes no backend calls and gets no meters. Stateless and thread-safe.
 */
public final class SessionsMetrics {

    private SessionsMetrics() {
    }

    /**
     * Registers the meters of {@code store} in {@code registry}. Bind once: a second bind replaces the
     * backend-call observer of the first.
     *
     * @param store the instance to observe
     * @param registry where the meters go
     * @param <T> the instance's type
     * @return {@code store} itself, for chaining
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T extends Sessions> T bind(T store, MeterRegistry registry) {
        Arguments.notNull(store, "store");
        Arguments.notNull(registry, "registry");
        Meters.bind(store, registry, "sessions", store.config().name());
        return store;
    }
}
