package io.headroom.presence;

import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Meters;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters for any {@link Typing}; usable only when Micrometer is on the class path (an optional dependency
 * of sdk-core; nothing else in Headroom loads this class).
 *
 * <p>Meters, tagged {@code typing=<config name>}, for a remote implementation (Redis): Timer
 * {@code headroom.typing.backend.calls} with {@code result=success|failure} around every backend call from now on,
 * and function counter {@code headroom.typing.fallbacks} (answers made by the outage policy). An embedded
 * implementation makes no backend calls and gets no meters. Stateless and thread-safe.
 */
public final class TypingMetrics {

    private TypingMetrics() {
    }

    /**
     * Registers the meters of {@code typing} in {@code registry}. Bind once: a second bind replaces the
     * backend-call observer of the first.
     *
     * @param typing the instance to observe
     * @param registry where the meters go
     * @param <T> the instance's type
     * @return {@code typing} itself, for chaining
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T extends Typing> T bind(T typing, MeterRegistry registry) {
        Arguments.notNull(typing, "typing");
        Arguments.notNull(registry, "registry");
        Meters.bind(typing, registry, "typing", typing.config().name());
        return typing;
    }
}
