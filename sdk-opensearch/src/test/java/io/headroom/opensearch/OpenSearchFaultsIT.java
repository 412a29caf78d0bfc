package io.headroom.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.headroom.BackendUnavailableException;
import io.headroom.search.DocumentMapper;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.OpenSearchNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenSearch behind the test kit's {@link FaultProxy}: node down, slow and resetting connections get the named
 * outage policy ({@link io.headroom.search.SearchOutagePolicy#FAIL_FAST}: {@link BackendUnavailableException}), and
 * the index recovers by itself once the fault is gone; a reset is retried transparently; a deleted index and a
 * conflicting mapping get their own exceptions.
 */
class OpenSearchFaultsIT {

    private static final SearchSchema SCHEMA = SearchSchema.builder().text("t", 1).keyword("city").build();
    private static final SearchQuery ALL = SearchQuery.builder().text("fault").build();

    private FaultProxy proxy;
    private OpenSearchBackend backend;
    private SearchIndex<SearchDocument> index;
    private String physical;

    @BeforeEach
    void start() {
        OpenSearchNode node = OpenSearchNode.shared();
        proxy = FaultProxy.start(node);
        String prefix = "faults-" + System.nanoTime() + "-";
        backend = OpenSearchBackend.connect(OpenSearchSettings.builder().hosts("http://" + proxy.host() + ":"
                        + proxy.port()).numberOfReplicas(0).indexPrefix(prefix)
                .callTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(300))
                .maxAttempts(2).retryBackoff(Duration.ofMillis(20))
                .circuitBreakerConfig(CircuitBreakerConfig.custom().slidingWindowSize(4).minimumNumberOfCalls(2)
                        .waitDurationInOpenState(Duration.ofMillis(200)).build())
                .build());
        SearchConfig config = SearchConfig.named("faults").schema(SCHEMA).readTimeout(Duration.ofSeconds(1))
                .writeTimeout(Duration.ofSeconds(10)).build();
        index = OpenSearchSearchIndex.open(backend, config, DocumentMapper.identity());
        physical = prefix + "faults-v1";
        index.upsert(doc("d1"));
        index.refresh();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.heal();
        if (index != null) {
            index.close();
        }
        backend.client().indices().delete(d -> d.index(physical).ignoreUnavailable(true));
        backend.close();
        proxy.close();
    }

    @Test
    void nodeDownFailsFastThenRecovers() {
        proxy.down();
        assertThatThrownBy(() -> index.search(ALL)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("faults").hasMessageContaining("FAIL_FAST");
        assertThatThrownBy(() -> index.upsert(doc("d2")))
                .isInstanceOf(BackendUnavailableException.class);
        proxy.up();
        assertThat(eventually(() -> ids(index.search(ALL)))).containsExactly("d1");
        index.upsert(doc("d2"));
        index.refresh();
        assertThat(ids(index.search(ALL))).containsExactlyInAnyOrder("d1", "d2");
    }

    @Test
    void slowNodeTimesOutThenRecovers() {
        proxy.latency(Duration.ofSeconds(2));
        assertThatThrownBy(() -> index.search(ALL)).isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("faults");
        proxy.latency(Duration.ZERO);
        assertThat(eventually(() -> ids(index.search(ALL)))).containsExactly("d1");
    }

    @Test
    void resetConnectionsAreRetried() {
        assertThat(ids(index.search(ALL))).containsExactly("d1");
        for (int i = 0; i < 3; i++) {
            proxy.resetConnections();
            // the pooled connection is dead; the retry (or the pool's own check) opens a new one: no failure
            assertThat(ids(index.search(ALL))).containsExactly("d1");
        }
    }

    @Test
    void deletedIndexIsAMissingIndexNotAnOutage() throws Exception {
        backend.client().indices().delete(d -> d.index(physical));
        assertThatThrownBy(() -> index.search(ALL)).isInstanceOf(MissingIndexException.class)
                .hasMessageContaining(backend.settings().indexPrefix() + "faults");
        // the test node has automatic index creation off, as production clusters should
        assertThatThrownBy(() -> index.upsert(doc("d3"))).isInstanceOf(MissingIndexException.class);
        index.close();
        // creating an index is a cluster-state update: on a loaded machine it can take longer than this test's 2 s
        index = null;
        index = OpenSearchSearchIndex.open(backend, SearchConfig.named("faults").schema(SCHEMA)
                .writeTimeout(Duration.ofSeconds(30)).build(), DocumentMapper.identity());
        assertThat(ids(index.search(ALL))).isEmpty();
    }

    @Test
    void aSchemaWhoseFieldChangedTypeIsAMappingConflict() {
        SearchConfig keyword = SearchConfig.named("conflict").schema(SCHEMA).build();
        OpenSearchSearchIndex.open(backend, keyword, DocumentMapper.identity()).close();
        SearchConfig number = SearchConfig.named("conflict").schema(SearchSchema.builder().text("t", 1)
                .number("city").build()).build();
        try {
            assertThatThrownBy(() -> OpenSearchSearchIndex.open(backend, number, DocumentMapper.identity()))
                    .isInstanceOf(MappingConflictException.class).hasMessageContaining("city");
            // a field the schema adds is simply added
            OpenSearchSearchIndex.open(backend, SearchConfig.named("conflict").schema(SearchSchema.builder()
                    .text("t", 1).keyword("city").number("age").build()).build(), DocumentMapper.identity()).close();
        } finally {
            deleteQuietly(backend.settings().indexPrefix() + "conflict-v1");
        }
    }

    @Test
    void aConcreteIndexInTheWayOfTheAliasIsAMappingConflict() throws Exception {
        String plain = backend.settings().indexPrefix() + "plain";
        backend.client().indices().create(c -> c.index(plain).settings(x -> x.numberOfReplicas("0")));
        try {
            assertThatThrownBy(() -> OpenSearchSearchIndex.open(backend, SearchConfig.named("plain").schema(SCHEMA)
                    .build(), DocumentMapper.identity())).isInstanceOf(MappingConflictException.class)
                    .hasMessageContaining(plain);
        } finally {
            deleteQuietly(plain);
        }
    }

    private void deleteQuietly(String name) {
        try {
            backend.client().indices().delete(d -> d.index(name).ignoreUnavailable(true));
        } catch (java.io.IOException | RuntimeException e) {
            // best effort
        }
    }

    private static SearchDocument doc(String id) {
        return SearchDocument.builder(id).text("t", "fault").build();
    }

    private static <T> T eventually(Supplier<T> call) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static List<String> ids(io.headroom.search.SearchPage page) {
        return page.hits().stream().map(SearchHit::id).toList();
    }
}
