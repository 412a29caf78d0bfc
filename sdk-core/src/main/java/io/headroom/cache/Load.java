package io.headroom.cache;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A load in flight, as the in-process tier holds it for its key until it finishes: then its entry takes its
 * place, or it is removed. Reads that find it join it, sharing {@link #outcome}. It remembers the namespace
 * generation its read began in, so a read that starts after an {@link CacheAside#invalidateAll()} never joins a
 * load that began before it (single flight within one generation). Identity equality, as the in-process tier's
 * conditional replace and remove need.
 */
final class Load {

    /** The generation the read that started this load required. */
    final long generation;
    /** Completes with the entry, {@code null} for an uncached "not found", or the load's failure. */
    final CompletableFuture<@Nullable Entry> outcome = new CompletableFuture<>();

    Load(long generation) {
        this.generation = generation;
    }

    /**
     * Whether a read requiring {@code minGeneration} may share this load's outcome.
     *
     * @param minGeneration the oldest generation the read may serve
     * @return {@code true} when the load began in that generation or a later one
     */
    boolean joinable(long minGeneration) {
        return generation >= minGeneration;
    }
}
