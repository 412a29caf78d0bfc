package io.headroom.presence.internal;

import io.headroom.internal.BackendTimers;
import io.headroom.spi.FallbackCounting;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters the presence, typing and session binders share: the backend-call timer
 * {@code headroom.<concern>.backend.calls} and, for a remote implementation, the function counter
 * {@code headroom.<concern>.fallbacks} (answers made by the outage policy). Loaded only by the binders
 * (Micrometer is optional). Stateless and thread-safe.
 */
public final class Meters {

    private Meters() {
    }

    /**
     * Registers the shared meters of one primitive.
     *
     * @param primitive the primitive
     * @param registry where the meters go
     * @param concern the meter's concern, e.g. {@code "presence"}
     * @param name the primitive's configured name (tag {@code <concern>=<name>})
     */
    public static void bind(Object primitive, MeterRegistry registry, String concern, String name) {
        BackendTimers.bind(primitive, registry, concern, concern, name);
        if (primitive instanceof FallbackCounting counting) {
            FunctionCounter.builder("headroom." + concern + ".fallbacks", counting,
                            FallbackCounting::fallbackDecisions)
                    .tag(concern, name)
                    .description("answers made by the outage policy instead of the backend")
                    .register(registry);
        }
    }
}
