package io.headroom.spi;

/**
 * Implemented by remote primitives that answer some calls by their outage policy instead of their backend, so
 * metrics can report how often that happened. Implementations are thread-safe.
 */
public interface FallbackCounting {

    /**
     * How many calls were answered by the outage policy since creation.
     *
     * @return a monotonically increasing count
     */
    long fallbackDecisions();
}
