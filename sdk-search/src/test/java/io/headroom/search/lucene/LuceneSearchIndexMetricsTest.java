package io.headroom.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.search.DocumentMapper;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchIndexMetrics;
import io.headroom.search.SearchQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** {@link SearchIndexMetrics} over the real Lucene index. */
class LuceneSearchIndexMetricsTest {

    @Test
    void countsSearchesWritesAndFailuresAndTimesSearches() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SearchIndex<SearchDocument> index = SearchIndexMetrics.bind(LuceneSearchIndex.inMemory(
                SearchConfig.named("people").build(), DocumentMapper.identity()), registry);
        index.upsert(SearchDocument.builder("a").text("text", "match").build());
        index.upsertAsync(SearchDocument.builder("b").text("text", "match").build()).toCompletableFuture().join();
        index.delete("b");
        index.refresh();
        SearchQuery q = SearchQuery.builder().text("match").pageSize(1).build();
        index.search(q);
        index.searchAsync(q).toCompletableFuture().join();
        assertThatThrownBy(() -> index.search(q.after("not-a-cursor")))
                .isInstanceOf(InvalidSearchCursorException.class);
        assertThat(index.config().name()).isEqualTo("people");

        assertThat(registry.get("headroom.search.searches").tag("index", "people").counter().count()).isEqualTo(2);
        assertThat(registry.get("headroom.search.writes").tag("op", "upsert").counter().count()).isEqualTo(2);
        assertThat(registry.get("headroom.search.writes").tag("op", "delete").counter().count()).isEqualTo(1);
        assertThat(registry.get("headroom.search.writes").tag("op", "refresh").counter().count()).isEqualTo(1);
        assertThat(registry.get("headroom.search.failures").tag("op", "search")
                .tag("exception", "InvalidSearchCursorException").counter().count()).isEqualTo(1);
        assertThat(registry.get("headroom.search.latency").tag("index", "people").timer().count()).isEqualTo(2);
        // embedded: no remote backend calls to time
        assertThat(registry.find("headroom.search.backend.calls").timers()).isEmpty();

        index.close();
        assertThatThrownBy(() -> index.refresh()).isInstanceOf(ClosedException.class);
        assertThat(registry.get("headroom.search.failures").tag("op", "refresh").tag("exception", "ClosedException")
                .counter().count()).isEqualTo(1);
    }
}
