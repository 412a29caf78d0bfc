package io.headroom.opensearch;

import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.testkit.OpenSearchNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Fresh, empty indexes on the shared test node, cheaply: creating an OpenSearch index costs a cluster-state update
 * (a few hundred ms), so an index closed by a test is kept and emptied (delete by query) for the next one of the
 * same name. Slot {@code n} of a name lives under the prefix {@code <run>-<n>-}. Thread-safe.
 */
final class TestIndexes {

    private final String run;
    private final Function<OpenSearchSettings.Builder, OpenSearchSettings.Builder> tune;
    private final Map<Integer, OpenSearchBackend> backends = new HashMap<>();
    private final Map<String, Set<Integer>> busy = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    TestIndexes(String run, Function<OpenSearchSettings.Builder, OpenSearchSettings.Builder> tune) {
        this.run = run;
        this.tune = tune;
    }

    static OpenSearchSettings.Builder settings(OpenSearchNode node) {
        return OpenSearchSettings.builder().hosts(node.uri()).numberOfReplicas(0);
    }

    /** A fresh, empty index of this configuration, released for reuse when closed. */
    <T> SearchIndex<T> open(SearchConfig config, io.headroom.search.DocumentMapper<T> mapper) {
        int slot;
        OpenSearchBackend backend;
        boolean reused;
        synchronized (this) {
            Set<Integer> taken = busy.computeIfAbsent(config.name(), k -> new HashSet<>());
            slot = 0;
            while (taken.contains(slot)) {
                slot++;
            }
            taken.add(slot);
            int s = slot;
            backend = backends.computeIfAbsent(slot, k -> OpenSearchBackend.connect(
                    tune.apply(settings(OpenSearchNode.shared()).indexPrefix(run + "-" + s + "-")).build()));
            reused = !used.add(backend.settings().indexPrefix() + config.name());
        }
        String physical = backend.settings().indexPrefix() + config.name();
        if (reused) {
            try {
                backend.client().deleteByQuery(d -> d.index(physical).query(q -> q.matchAll(m -> m)).refresh(true)
                        .conflicts(org.opensearch.client.opensearch._types.Conflicts.Proceed));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        SearchIndex<T> index = OpenSearchSearchIndex.open(backend, config, mapper);
        int s = slot;
        return new Released<>(index, () -> {
            synchronized (this) {
                busy.get(config.name()).remove(s);
            }
        });
    }

    /** Delegates everything; frees the slot on close. */
    private static final class Released<T> implements SearchIndex<T> {
        private final SearchIndex<T> d;
        private final Runnable release;
        private boolean released;

        Released(SearchIndex<T> d, Runnable release) {
            this.d = d;
            this.release = release;
        }

        @Override public void upsert(T value) { d.upsert(value); }
        @Override public CompletionStage<Void> upsertAsync(T value) { return d.upsertAsync(value); }
        @Override public void delete(String id) { d.delete(id); }
        @Override public CompletionStage<Void> deleteAsync(String id) { return d.deleteAsync(id); }
        @Override public void refresh() { d.refresh(); }
        @Override public CompletionStage<Void> refreshAsync() { return d.refreshAsync(); }
        @Override public SearchPage search(SearchQuery query) { return d.search(query); }
        @Override public CompletionStage<SearchPage> searchAsync(SearchQuery query) { return d.searchAsync(query); }
        @Override public SearchConfig config() { return d.config(); }
        @Override public String toString() { return d.toString(); }

        @Override
        public synchronized void close() {
            d.close();
            if (!released) {
                released = true;
                release.run();
            }
        }
    }
}
