package io.headroom.opensearch;

import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchSchema;
import io.headroom.testkit.OpenSearchNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Fresh, empty indexes on the shared test node, cheaply: creating an OpenSearch index costs a cluster-state update
 * (a few hundred ms), so the storage of an index a test closed is kept and emptied (delete by query) for the next
 * index of the same name and schema. Slot {@code n} of a name lives under the prefix {@code <run>-<n>-}.
 * Thread-safe.
 */
final class TestIndexes {

    private final String run;
    private final Function<OpenSearchSettings.Builder, OpenSearchSettings.Builder> tune;
    private final Map<Integer, OpenSearchBackend> backends = new HashMap<>();
    private final Map<String, List<Slot>> slots = new HashMap<>();

    /** One reusable alias: the last index opened on it and the schema it was opened with. */
    private static final class Slot {
        final int n;
        OpenSearchSearchIndex<?> index;
        SearchSchema schema;

        Slot(int n) {
            this.n = n;
        }
    }

    TestIndexes(String run, Function<OpenSearchSettings.Builder, OpenSearchSettings.Builder> tune) {
        this.run = run;
        this.tune = tune;
    }

    static OpenSearchSettings.Builder settings(OpenSearchNode node) {
        return OpenSearchSettings.builder().hosts(node.uri()).numberOfReplicas(0);
    }

    OpenSearchBackend backend(int n) {
        synchronized (this) {
            return backends.computeIfAbsent(n, k -> OpenSearchBackend.connect(
                    tune.apply(settings(OpenSearchNode.shared()).indexPrefix(run + "-" + k + "-")).build()));
        }
    }

    /** A fresh, empty index of this configuration. */
    @SuppressWarnings("unchecked")
    <T> SearchIndex<T> open(SearchConfig config, DocumentMapper<T> mapper) {
        Slot slot = null;
        boolean reuse = false;
        boolean sameSchema = false;
        synchronized (this) {
            List<Slot> all = slots.computeIfAbsent(config.name(), k -> new ArrayList<>());
            for (Slot s : all) {
                if (s.index != null && s.index.isClosed()) {
                    slot = s;
                    break;
                }
            }
            if (slot == null) {
                slot = new Slot(all.size());
                all.add(slot);
            } else {
                reuse = true;
                sameSchema = slot.schema.equals(config.schema());
            }
            slot.index = null; // taken
        }
        OpenSearchBackend backend = backend(slot.n);
        String alias = backend.settings().indexPrefix() + config.name();
        try {
            if (reuse && sameSchema) {
                backend.client().deleteByQuery(d -> d.index(alias).query(q -> q.matchAll(m -> m)).refresh(true)
                        .conflicts(org.opensearch.client.opensearch._types.Conflicts.Proceed));
            } else if (reuse) {
                backend.client().indices().delete(d -> d.index(alias + "-v*"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SearchIndex<T> index = OpenSearchSearchIndex.open(backend, config, mapper);
        synchronized (this) {
            slot.index = (OpenSearchSearchIndex<?>) index;
            slot.schema = config.schema();
        }
        return index;
    }
}
