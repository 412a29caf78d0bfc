package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Meters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters for any {@link Presence}; usable only when Micrometer is on the class path (an optional dependency
 * of sdk-core; nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code presence=<config name>}, for a remote implementation (Redis): Timer
 * {@code headroom.presence.backend.calls} with {@code result=success|failure} around every backend call from now on,
 * and function counter {@code headroom.presence.fallbacks} (answers made by the outage policy). An embedded
 * implementation makes no backend calls and gets no meters. Stateless and thread-safe.
 */
public final class PresenceMetrics {

    private PresenceMetrics() {
    }

    /**
     * Registers the meters of {@code presence} in {@code registry}. Bind once: a second bind replaces the
     * backend-call observer of the first.
     *
     * @param presence the instance to observe
     * @param registry where the meters go
     * @param <T> the instance's type
     * @return {@code presence} itself, for chaining
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T extends Presence> T bind(T presence, MeterRegistry registry) {
        Arguments.notNull(presence, "presence");
        Arguments.notNull(registry, "registry");
        Meters.bind(presence, registry, "presence", presence.config().name());
        return presence;
    }
}
