package io.headroom.opensearch.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The words of query texts, analysed by the index's own analyzer ({@code _analyze}), so that the per-word clauses
 * (typo budget by word length, prefix on the last word) see exactly the words the index holds, accents folded as
 * OpenSearch folds them. Recent texts are cached (as-you-type repeats them), so most searches make no extra call.
 * Thread-safe.
 */
public final class TextAnalysis {

    private final Cache<String, List<String>> cache = Caffeine.newBuilder().maximumSize(10_000).build();
    private final Function<String, CompletableFuture<List<String>>> analyze;

    /**
     * Creates the analysis of an index.
     *
     * @param analyze calls {@code _analyze} for one text and returns its tokens in order
     */
    public TextAnalysis(Function<String, CompletableFuture<List<String>>> analyze) {
        this.analyze = analyze;
    }

    /**
     * The words of a text.
     *
     * @param text the text
     * @return its words, in order
     */
    public CompletableFuture<List<String>> words(String text) {
        List<String> cached = cache.getIfPresent(text);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        return analyze.apply(text).thenApply(words -> {
            List<String> copy = List.copyOf(words);
            cache.put(text, copy);
            return copy;
        });
    }
}
