package io.headroom.cache;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A primitive whose forms are in step, for RulesCatchViolationsTest only: the rule must pass on it. */
public interface FixtureInStepPrimitive {
    /**
     * Blocking form.
     *
     * @param keys keys
     * @return how many
     */
    long count(List<String> keys);

    /**
     * Async form.
     *
     * @param keys keys
     * @return how many
     */
    CompletionStage<Long> countAsync(List<String> keys);

    /** Blocking form. */
    void flush();

    /**
     * Async form.
     *
     * @return done
     */
    CompletionStage<Void> flushAsync();
}
