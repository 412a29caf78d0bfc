package io.headroom.cache;

import java.util.concurrent.CompletionStage;

/** Deliberate violations (blocking and async forms out of step), for RulesCatchViolationsTest only. */
public interface FixturePrimitive {
    /**
     * In step with its twin.
     *
     * @param key a key
     * @return a value
     */
    String get(String key);

    /**
     * In step with its twin.
     *
     * @param key a key
     * @return a value
     */
    CompletionStage<String> getAsync(String key);

    /**
     * Its twin completes with another type.
     *
     * @param key a key
     * @return a count
     */
    long count(String key);

    /**
     * Completes with Integer where count returns long.
     *
     * @param key a key
     * @return a count
     */
    CompletionStage<Integer> countAsync(String key);

    /**
     * Has no async twin.
     *
     * @param key a key
     */
    void put(String key);

    /**
     * Its blocking twin takes other parameters.
     *
     * @param key a key
     * @param ttlSeconds a TTL
     * @return done
     */
    CompletionStage<Void> removeAsync(String key, long ttlSeconds);

    /**
     * Takes other parameters than its async twin.
     *
     * @param key a key
     */
    void remove(String key);
}
