package io.headroom.search.lucene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.BackendUnavailableException;
import io.headroom.ClosedException;
import io.headroom.HeadroomException;
import io.headroom.internal.Futures;
import io.headroom.page.CursorKeys;
import io.headroom.search.DocumentMapper;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchException;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.Ranking;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneSearchIndexTest {

    private static final CursorKeys KEYS = CursorKeys.of("k1",
            "lucene-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    /** A wall clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private final AtomicLong millis;

        MutableClock(long millis) {
            this.millis = new AtomicLong(millis);
        }

        void advance(Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void anIndexOnDiskKeepsItsDocumentsAndAcceptsItsCursorsAcrossReopen(@TempDir Path dir) {
        SearchConfig config = SearchConfig.named("disk").cursorKeys(KEYS).build();
        SearchQuery q = SearchQuery.builder().text("persisted").pageSize(2).build();
        String cursor;
        List<String> first;
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity())) {
            for (int i = 0; i < 5; i++) {
                index.upsert(SearchDocument.builder("a" + i).text("text", "persisted").build());
            }
            index.refresh();
            SearchPage page = index.search(q);
            first = page.hits().stream().map(SearchHit::id).toList();
            cursor = page.nextCursor();
        }
        assertThat(cursor).isNotNull();
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity())) {
            assertThat(index.search(q.toBuilder().pageSize(10).build()).hits()).hasSize(5);
            List<String> rest = index.search(q.toBuilder().pageSize(10).after(cursor).build()).hits().stream()
                    .map(SearchHit::id).toList();
            assertThat(rest).hasSize(3).doesNotContainAnyElementsOf(first);
        }
        // the same directory with a random key: the old cursor is foreign
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.onDisk(dir, SearchConfig.named("disk").build(),
                DocumentMapper.identity())) {
            assertThatThrownBy(() -> index.search(q.after(cursor))).isInstanceOf(InvalidSearchCursorException.class);
        }
    }

    /**
     * Relevance ties are skipped per segment (RelevanceTopHits over id-sorted segments): a walk over several
     * segments, with ties in two score classes and an update that leaves a deleted copy behind, still returns
     * every hit once, by score and then id.
     */
    @Test
    void aRelevanceWalkOverSeveralSegmentsOrdersTiesById() {
        SearchConfig config = SearchConfig.named("ties").cursorKeys(KEYS).build();
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(config, DocumentMapper.identity())) {
            String[][] segments = {{"m", "c", "x", "a"}, {"q", "b", "z"}, {"k", "d", "y", "e", "c"}};
            for (String[] segment : segments) {
                for (String id : segment) {
                    // ids before "n" match exactly, the others with one typo (a lower class)
                    index.upsert(SearchDocument.builder(id).text("text", id.compareTo("n") < 0 ? "alpha" : "alpho")
                            .build());
                }
                index.refresh(); // one segment per batch
            }
            SearchQuery q = SearchQuery.builder().text("alpha").pageSize(2).build();
            List<String> walked = new java.util.ArrayList<>();
            List<Double> scores = new java.util.ArrayList<>();
            String cursor = null;
            do {
                SearchPage page = index.search(cursor == null ? q : q.after(cursor));
                page.hits().forEach(h -> {
                    walked.add(h.id());
                    scores.add(h.score());
                });
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(walked).containsExactly("a", "b", "c", "d", "e", "k", "m", "q", "x", "y", "z");
            assertThat(scores.subList(0, 7)).allMatch(s -> s.equals(scores.get(0)));
            assertThat(scores.get(7)).isLessThan(scores.get(0));
            assertThat(index.search(q.toBuilder().pageSize(3).build()).hits().stream().map(SearchHit::id))
                    .containsExactly("a", "b", "c");
        }
    }

    /** Changed with the house issue: a closed index throws ClosedException (was SearchException). */
    @Test
    void aClosedIndexFailsWithTheHouseClosedException() {
        SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(SearchConfig.named("closed").build(),
                DocumentMapper.identity());
        index.close();
        index.close(); // idempotent
        assertThatThrownBy(() -> index.search(SearchQuery.builder().build()))
                .isInstanceOf(ClosedException.class).isInstanceOf(HeadroomException.class)
                .hasMessage("search index 'closed' is closed");
        assertThatThrownBy(() -> index.upsert(SearchDocument.of("x"))).isInstanceOf(ClosedException.class)
                .isNotInstanceOf(SearchException.class);
    }

    @Test
    void badFactoryArgumentsFailFast(@TempDir Path dir) {
        SearchConfig config = SearchConfig.ofDefaults();
        assertThatThrownBy(() -> LuceneSearchIndex.inMemory(null, DocumentMapper.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("config");
        assertThatThrownBy(() -> LuceneSearchIndex.inMemory(config, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mapper");
        assertThatThrownBy(() -> LuceneSearchIndex.inMemory(config, DocumentMapper.identity(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
        assertThatThrownBy(() -> LuceneSearchIndex.onDisk(null, config, DocumentMapper.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("directory");
        assertThatThrownBy(() -> SearchConfig.named("").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity())) {
            // one index per directory: Lucene's write lock
            assertThatThrownBy(() -> LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity()))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("cannot open");
            assertThat(index.config()).isSameAs(config);
        }
    }

    @Test
    void aKeywordTooLongForLuceneIsRefusedBeforeAnyIo() {
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(SearchConfig.builder().schema(
                SearchSchema.builder().keyword("city").build()).build(), DocumentMapper.identity())) {
            assertThatThrownBy(() -> index.upsertAsync(SearchDocument.builder("x").keyword("city", "a".repeat(40_000))
                    .build())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyword 'city'")
                    .hasMessageContaining("32766 UTF-8 bytes");
        }
    }

    @Test
    void cursorsExpireByTheInjectedClock() {
        MutableClock clock = new MutableClock(1_700_000_000_000L);
        SearchConfig config = SearchConfig.named("ttl").cursorTtl(Duration.ofMinutes(5)).build();
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(config, DocumentMapper.identity(),
                clock)) {
            for (int i = 0; i < 3; i++) {
                index.upsert(SearchDocument.builder("d" + i).text("text", "match").build());
            }
            index.refresh();
            SearchQuery q = SearchQuery.builder().text("match").pageSize(1).build();
            String cursor = index.search(q).nextCursor();
            assertThat(cursor).isNotNull();
            clock.advance(Duration.ofMinutes(4));
            assertThat(index.search(q.after(cursor)).hits()).hasSize(1);
            clock.advance(Duration.ofMinutes(2));
            assertThatThrownBy(() -> index.search(q.after(cursor))).isInstanceOf(InvalidSearchCursorException.class)
                    .hasMessageContaining("expired");
        }
    }

    /** A version switch keeps the on-disk index consistent: the reopened index reads the live version. */
    @Test
    void aReindexOnDiskSurvivesReopen(@TempDir Path dir) {
        SearchConfig config = SearchConfig.named("disk").cursorKeys(KEYS).build();
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity());
             io.headroom.search.SearchIndexer<SearchDocument> indexer = io.headroom.search.SearchIndexer.create(index,
                     io.headroom.search.IndexerConfig.ofDefaults(), p -> { })) {
            indexer.upsert(SearchDocument.builder("old").text("text", "before").build());
            indexer.reindex(List.of(SearchDocument.builder("new").text("text", "after").build()));
        }
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.onDisk(dir, config, DocumentMapper.identity())) {
            assertThat(index.search(SearchQuery.builder().build()).hits()).extracting(SearchHit::id)
                    .containsExactly("new");
        }
    }

    /** recency(pivot, weight) reads "now" from the index's clock, and later pages keep the first page's "now". */
    @Test
    void recencyUsesTheInjectedClockAndAWalkKeepsItsOrigin() {
        long t = 1_700_000_000_000L;
        MutableClock clock = new MutableClock(t);
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(SearchConfig.named("recency")
                .schema(SearchSchema.builder().text("text", 1).date("seen").build()).build(),
                DocumentMapper.identity(), clock)) {
            index.upsert(SearchDocument.builder("recent").text("text", "news")
                    .date("seen", Instant.ofEpochMilli(t - 3_600_000L)).build());
            index.upsert(SearchDocument.builder("future").text("text", "news")
                    .date("seen", Instant.ofEpochMilli(t + 86_400_000L * 100)).build());
            index.refresh();
            SearchQuery q = SearchQuery.builder().text("news")
                    .ranking(Ranking.builder().recency("seen", Duration.ofDays(1), 5f).build()).pageSize(1).build();
            SearchPage first = index.search(q);
            assertThat(first.hits()).extracting(SearchHit::id).containsExactly("recent");
            clock.advance(Duration.ofDays(100)); // "now" moves next to the other document
            assertThat(index.search(q.toBuilder().pageSize(2).build()).hits()).extracting(SearchHit::id)
                    .containsExactly("future", "recent");
            assertThat(index.search(q.after(first.nextCursor())).hits()).extracting(SearchHit::id)
                    .containsExactly("future");
        }
    }

    /** A call that cannot start within its timeout fails with BackendUnavailableException and is never applied. */
    @Test
    void aCallPastItsTimeoutFailsAsAnOutageAndIsSkipped() throws Exception {
        ExecutorService writes = Executors.newSingleThreadExecutor();
        ExecutorService reads = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        SearchConfig config = SearchConfig.named("slow").writeTimeout(Duration.ofMillis(250))
                .readTimeout(Duration.ofMillis(250)).build();
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(config, DocumentMapper.identity(),
                Clock.systemUTC(), writes, reads)) {
            // warm up first, so that the calls after the release finish well within their short timeouts
            index.upsert(SearchDocument.builder("warm").text("text", "warm").build());
            index.refresh();
            assertThat(index.search(SearchQuery.builder().text("warm").build()).hits()).hasSize(1);
            writes.execute(() -> await(release));
            reads.execute(() -> await(release));
            CompletionStage<Void> upsert = index.upsertAsync(SearchDocument.builder("late").text("text", "late").build());
            assertThatThrownBy(() -> Futures.join(upsert)).isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("search index 'slow'").hasMessageContaining("upsert of 'late'")
                    .hasMessageContaining("did not complete within PT0.25S").hasMessageContaining("FAIL_FAST");
            assertThatThrownBy(() -> index.search(SearchQuery.builder().build()))
                    .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("search did not complete");
            release.countDown();
            index.refresh();
            assertThat(index.search(SearchQuery.builder().text("late").build()).hits()).isEmpty();
        }
        assertThat(writes.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
        assertThat(reads.isShutdown()).isTrue();
    }

    /** A callback on the index's own write thread that makes a blocking write runs it inline, not behind itself. */
    @Test
    void aBlockingCallFromACallbackOnTheIndexThreadDoesNotWaitForItself() {
        SearchConfig config = SearchConfig.named("reentrant").writeTimeout(Duration.ofSeconds(30)).build();
        try (SearchIndex<SearchDocument> index = LuceneSearchIndex.inMemory(config, DocumentMapper.identity())) {
            CompletionStage<Void> chained = index.upsertAsync(SearchDocument.builder("a").text("text", "one").build())
                    .thenRun(() -> {
                        index.upsert(SearchDocument.builder("b").text("text", "one").build());
                        index.refresh();
                    });
            Futures.join(chained);
            index.refresh();
            assertThat(index.search(SearchQuery.builder().text("one").build()).hits()).hasSize(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
