package io.headroom.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.BackendUnavailableException;
import io.headroom.internal.Futures;
import io.headroom.search.internal.LaneIndexer;
import io.headroom.spi.BulkOperation;
import io.headroom.spi.VersionedSearchBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The indexer's own rules (batching per lane, order per id, retries, backpressure, progress) against an in-memory
 * {@link VersionedSearchBackend} written for the test; the contract runs it against real backends.
 */
class SearchIndexerTest {

    private static final SearchConfig CONFIG = SearchConfig.named("idx").build();

    /** Versions as maps; bulk requests complete when the test says so (or at once). */
    static final class Versions implements VersionedSearchBackend<SearchDocument> {
        final Map<String, Map<String, SearchDocument>> versions = new HashMap<>();
        final ConcurrentLinkedQueue<CompletableFuture<Void>> held = new ConcurrentLinkedQueue<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final List<Integer> batchSizes = new ArrayList<>();
        volatile boolean hold;
        String live = "v1";
        int next = 2;

        Versions() {
            versions.put("v1", new HashMap<>());
        }

        @Override
        public SearchDocument toDocument(SearchDocument value) {
            return CONFIG.schema().validate(value);
        }

        @Override
        public synchronized String liveVersion() {
            return live;
        }

        @Override
        public synchronized String createVersion() {
            String v = "v" + next++;
            versions.put(v, new HashMap<>());
            return v;
        }

        @Override
        public CompletionStage<Void> bulk(String version, List<BulkOperation> operations) {
            if (failuresLeft.getAndDecrement() > 0) {
                return CompletableFuture.failedFuture(new BackendUnavailableException("down", null));
            }
            synchronized (this) {
                batchSizes.add(operations.size());
                Map<String, SearchDocument> v = versions.get(version);
                for (BulkOperation op : operations) {
                    if (op.isDelete()) {
                        v.remove(op.id());
                    } else {
                        v.put(op.id(), op.document());
                    }
                }
            }
            if (hold) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> refresh(String version) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized void switchTo(String version) {
            versions.remove(live);
            live = version;
        }

        @Override
        public synchronized void dropVersion(String version) {
            versions.remove(version);
        }

        synchronized Map<String, SearchDocument> live() {
            return new HashMap<>(versions.get(live));
        }
    }

    private static SearchDocument doc(String id, String text) {
        return SearchDocument.builder(id).text("text", text).build();
    }

    @Test
    void writesOfOneIdApplyInOrderAndProgressIsReported() {
        Versions backend = new Versions();
        ConcurrentLinkedQueue<IndexProgress> seen = new ConcurrentLinkedQueue<>();
        try (SearchIndexer<SearchDocument> indexer = new LaneIndexer<>(CONFIG, backend,
                IndexerConfig.ofDefaults().withLanes(4), seen::add)) {
            for (int i = 0; i < 100; i++) {
                indexer.upsertAsync(doc("u" + (i % 7), "v" + i));
            }
            indexer.deleteAsync("u0");
            indexer.flush();
            assertThat(indexer.progress().applied()).isEqualTo(101);
            assertThat(indexer.progress().pending()).isZero();
        }
        Map<String, SearchDocument> live = backend.live();
        assertThat(live).doesNotContainKey("u0").hasSize(6);
        assertThat(live.get("u6").text().get("text")).isEqualTo("v97");
        assertThat(seen).isNotEmpty().allSatisfy(p -> assertThat(p.failed()).isZero());
    }

    @Test
    void aRetriableFailureIsRetriedAndAPermanentOneFailsTheStage() {
        Versions backend = new Versions();
        backend.failuresLeft.set(2);
        IndexerConfig config = new IndexerConfig(10, 1, 100, Duration.ofSeconds(5), 3, Duration.ofMillis(1));
        try (SearchIndexer<SearchDocument> indexer = new LaneIndexer<>(CONFIG, backend, config, p -> { })) {
            indexer.upsert(doc("a", "x"));
            assertThat(indexer.progress().retries()).isEqualTo(2);
            backend.failuresLeft.set(5);
            assertThatThrownBy(() -> indexer.upsert(doc("b", "x"))).isInstanceOf(BackendUnavailableException.class);
            assertThat(indexer.progress().failed()).isEqualTo(1);
            backend.failuresLeft.set(0);
            assertThatThrownBy(() -> indexer.upsert(SearchDocument.builder("c").text("nope", "x").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'nope'");
        }
        assertThat(backend.live()).containsOnlyKeys("a");
    }

    @Test
    void aFullBufferBlocksThenFailsWithTheSubmitTimeout() {
        Versions backend = new Versions();
        backend.hold = true;
        IndexerConfig config = new IndexerConfig(2, 1, 3, Duration.ofMillis(50), 1, Duration.ofMillis(1));
        try (SearchIndexer<SearchDocument> indexer = new LaneIndexer<>(CONFIG, backend, config, p -> { })) {
            CompletionStage<Void> first = indexer.upsertAsync(doc("a", "x")); // in flight, held
            indexer.upsertAsync(doc("b", "x"));
            indexer.upsertAsync(doc("c", "x"));
            assertThatThrownBy(() -> indexer.upsertAsync(doc("d", "x")))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("backpressure");
            backend.hold = false;
            backend.held.poll().complete(null);
            Futures.join(first);
            indexer.flush();
            // the two that waited behind the first went as one batch
            assertThat(backend.batchSizes).containsExactly(1, 2);
            indexer.upsert(doc("d", "x"));
        }
        assertThat(backend.live()).containsOnlyKeys("a", "b", "c", "d");
    }

    @Test
    void aReindexLoadsANewVersionReplaysAndSwitches() {
        Versions backend = new Versions();
        try (SearchIndexer<SearchDocument> indexer = new LaneIndexer<>(CONFIG, backend,
                IndexerConfig.ofDefaults().withBatchSize(3), p -> { })) {
            indexer.upsert(doc("gone", "x"));
            List<SearchDocument> source = List.of(doc("a", "1"), doc("b", "1"), doc("c", "1"), doc("d", "1"));
            Iterable<SearchDocument> withWrites = () -> source.stream().peek(d -> {
                if (d.id().equals("c")) {
                    indexer.upsert(doc("a", "2"));
                }
            }).iterator();
            ReindexResult r = indexer.reindex(withWrites);
            assertThat(r.previousVersion()).isEqualTo("v1");
            assertThat(r.version()).isEqualTo("v2");
            assertThat(r.documents()).isEqualTo(4);
            assertThat(r.replayed()).isEqualTo(1);
        }
        Map<String, SearchDocument> live = backend.live();
        assertThat(live).containsOnlyKeys("a", "b", "c", "d");
        assertThat(live.get("a").text().get("text")).isEqualTo("2");
        assertThat(backend.versions).containsOnlyKeys("v2");
    }
}
