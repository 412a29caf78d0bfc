package io.headroom.ratelimit.internal;

import io.headroom.internal.Arguments;
import io.headroom.ratelimit.RateLimitDecision;
import io.headroom.ratelimit.RateLimiter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link RateLimiter#tryAcquireAllAsync} for every limiter: checks every argument first, then starts one
 * decision per key without waiting between them (on Redis the commands go out back to back on one connection,
 * one pipeline) and collects the decisions in key order. Stateless and thread-safe.
 */
public final class MultiKey {

    /** The most keys one multi-key request may name. */
    public static final int MAX_KEYS = 16;

    private MultiKey() {
    }

    /**
     * Decides each key.
     *
     * @param limiter the limiter
     * @param keys the keys
     * @param permits the permits per key
     * @return a stage with the decisions in key order, unmodifiable
     * @throws IllegalArgumentException when an argument breaks its rule, before any key is tried
     */
    public static CompletionStage<List<RateLimitDecision>> tryAcquireAll(RateLimiter limiter, List<String> keys,
                                                                          long permits) {
        Arguments.notNull(keys, "keys");
        if (keys.isEmpty() || keys.size() > MAX_KEYS) {
            throw new IllegalArgumentException("keys must hold 1 to " + MAX_KEYS + " keys, held " + keys.size());
        }
        for (int i = 0; i < keys.size(); i++) {
            Arguments.key(keys.get(i), "keys[" + i + "]");
        }
        RateLimitConfigs.checkPermits(limiter.config(), permits);
        List<CompletableFuture<RateLimitDecision>> started = new ArrayList<>(keys.size());
        for (String key : keys) {
            started.add(limiter.tryAcquireAsync(key, permits).toCompletableFuture());
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<RateLimitDecision> decisions = new ArrayList<>(started.size());
            for (CompletableFuture<RateLimitDecision> f : started) {
                decisions.add(f.join());
            }
            return Collections.unmodifiableList(decisions);
        });
    }
}
