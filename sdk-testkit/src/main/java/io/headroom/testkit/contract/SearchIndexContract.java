package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.page.CursorKeys;
import io.headroom.search.GeoPoint;
import io.headroom.search.IndexerConfig;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.Ranking;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchIndexer;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The contract every {@link SearchIndex} backend passes, run unchanged against each (Lucene as a {@code *Test},
 * OpenSearch as an {@code *IT}): the matching and ranking parts ({@link SearchMatchingContract},
 * {@link SearchRankingContract}: hits, scores and order equal to the brute-force {@link SearchModel} of
 * docs/search-query-language.md) and here paging, reindexing behind the alias, cursors, bad input and lifecycle.
 * Subclasses supply a fresh, empty index per call ({@link #newIndex(SearchConfig)}).
 */
public abstract class SearchIndexContract extends SearchRankingContract {

    /** The secret of the cursor keys the cross-instance examples share (32 bytes). */
    private static final byte[] SHARED_SECRET = "contract-shared-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    /** Creates the contract. */
    protected SearchIndexContract() {
    }

    // ---- paging --------------------------------------------------------------------------------------------

    /** A search_after walk returns every document matching throughout exactly once while others are written. */
    @Property(tries = 15)
    void aWalkReturnsEveryMatchOnceWhileOthersAreWritten(@ForAll("sizes") int pageSize, @ForAll("seeds") long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        withIndex(index -> {
            for (int i = 0; i < 30; i++) {
                index.upsert(SearchDocument.builder("s" + i).text("name", "stable walker").number("age", rnd.nextInt(5))
                        .build());
            }
            refresh(index);
            SearchQuery q = SearchQuery.builder().text("walker").sort(rnd.nextBoolean() ? SearchSort.relevance()
                    : SearchSort.byField("age", false)).pageSize(pageSize).build();
            List<String> seen = new ArrayList<>();
            SearchPage page = index.search(q);
            int n = 0;
            while (true) {
                seen.addAll(ids(page));
                // other documents come and go between pages
                index.upsert(SearchDocument.builder("x" + n).text("name", "other").number("age", rnd.nextInt(5))
                        .build());
                index.delete("x" + (n - 1));
                refresh(index);
                n++;
                if (page.nextCursor() == null) {
                    break;
                }
                page = index.search(q.after(page.nextCursor()));
            }
            assertThat(seen).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 30).mapToObj(i -> "s" + i).toList());
        });
    }

    // ---- versions behind the alias -------------------------------------------------------------------------

    /** A full reindex switches atomically: concurrent searches never fail and never see an empty page. */
    @Example
    void reindexSwitchesTheAliasUnderConcurrentSearches() throws Exception {
        SearchIndex<SearchDocument> index = newIndex();
        try (SearchIndexer<SearchDocument> indexer = SearchIndexer.create(index, IndexerConfig.ofDefaults()
                .withBatchSize(50), p -> { })) {
            List<SearchDocument> v1 = docsNamed("first", 120);
            v1.forEach(indexer::upsert);
            indexer.flush();
            refresh(index);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger searches = new AtomicInteger();
            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread reader = new Thread(() -> {
                    while (!stop.get()) {
                        try {
                            SearchPage page = index.search(SearchQuery.builder().pageSize(5).build());
                            if (page.hits().isEmpty()) {
                                failures.add(new AssertionError("an empty page during the reindex"));
                            }
                            searches.incrementAndGet();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                });
                reader.start();
                readers.add(reader);
            }
            try {
                String before = ((io.headroom.spi.VersionedSearchBackend<?>) index).liveVersion();
                var result = indexer.reindex(docsNamed("second", 150));
                assertThat(result.previousVersion()).isEqualTo(before);
                assertThat(result.version()).isNotEqualTo(before);
                assertThat(result.documents()).isEqualTo(150);
                // let the readers search the new version too before stopping them
                while (searches.get() < 20) {
                    Thread.onSpinWait();
                }
            } finally {
                stop.set(true);
                for (Thread r : readers) {
                    r.join();
                }
            }
            assertThat(failures).isEmpty();
            assertThat(walk(index, SearchQuery.builder().pageSize(100).build())).hasSize(150);
            assertThat(ids(index.search(SearchQuery.builder().text("second").pageSize(1).build()))).hasSize(1);
            assertThat(ids(index.search(SearchQuery.builder().text("first").build()))).isEmpty();
        } finally {
            release(index);
        }
    }

    /** Writes submitted while a reindex runs reach the new version; the source's stale copy does not win. */
    @Example
    void writesDuringAReindexAreKept() {
        SearchIndex<SearchDocument> index = newIndex();
        try (SearchIndexer<SearchDocument> indexer = SearchIndexer.create(index, IndexerConfig.ofDefaults()
                .withBatchSize(10), p -> { })) {
            List<SearchDocument> source = docsNamed("old", 40);
            Iterable<SearchDocument> slow = () -> source.stream().peek(d -> {
                if (d.id().equals("old20")) {
                    indexer.upsert(SearchDocument.builder("old3").text("name", "renamed").build());
                    indexer.delete("old5");
                    indexer.upsert(SearchDocument.builder("fresh").text("name", "fresh").build());
                }
            }).iterator();
            assertThat(indexer.reindex(slow).replayed()).isEqualTo(3);
            refresh(index);
            assertThat(ids(index.search(SearchQuery.builder().text("renamed").build()))).containsExactly("old3");
            assertThat(ids(index.search(SearchQuery.builder().text("fresh").build()))).containsExactly("fresh");
            assertThat(walk(index, SearchQuery.builder().pageSize(100).build())).extracting(SearchHit::id)
                    .doesNotContain("old5").hasSize(40);
            assertThat(indexer.progress().failed()).isZero();
        } finally {
            release(index);
        }
    }

    /** A document that does not fit the schema fails the reindex before the switch; the live version stays. */
    @Example
    void aFailedReindexKeepsTheLiveVersion() {
        SearchIndex<SearchDocument> index = newIndex();
        try (SearchIndexer<SearchDocument> indexer = SearchIndexer.create(index, IndexerConfig.ofDefaults(),
                p -> { })) {
            docsNamed("kept", 5).forEach(indexer::upsert);
            indexer.flush();
            refresh(index);
            List<SearchDocument> bad = new ArrayList<>(docsNamed("new", 3));
            bad.add(SearchDocument.builder("bad").text("nickname", "x").build());
            assertThatThrownBy(() -> indexer.reindex(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown field 'nickname'");
            assertThat(walk(index, SearchQuery.builder().build())).hasSize(5);
        } finally {
            release(index);
        }
    }

    private static List<SearchDocument> docsNamed(String word, int n) {
        return IntStream.range(0, n).mapToObj(i -> SearchDocument.builder(word + i).text("name", word).build())
                .toList();
    }

    // ---- cursors -------------------------------------------------------------------------------------------

    /** Changing any one character of a cursor, or cutting it short, gets it rejected, never a wrong page. */
    @Property(tries = 20)
    void anyAlteredOrTruncatedCursorIsRejected(@ForAll("seeds") long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        withIndex(index -> {
            fill(index, 5);
            refresh(index);
            SearchQuery q = SearchQuery.builder().text("match").pageSize(2).build();
            String cursor = index.search(q).nextCursor();
            assertThat(cursor).isNotNull();
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            int pos = rnd.nextInt(cursor.length());
            char other;
            do {
                other = alphabet.charAt(rnd.nextInt(alphabet.length()));
            } while (other == cursor.charAt(pos));
            String altered = cursor.substring(0, pos) + other + cursor.substring(pos + 1);
            assertThatThrownBy(() -> index.validate(q.after(altered))).as("altered at %d", pos)
                    .isInstanceOf(InvalidSearchCursorException.class);
            String cut = cursor.substring(0, 1 + rnd.nextInt(cursor.length() - 1));
            assertThatThrownBy(() -> index.search(q.after(cut))).isInstanceOf(InvalidSearchCursorException.class);
        });
    }

    /** A cursor is bound to its query: any other text, filter, ranking, facet or sort rejects it. */
    @Example
    void aCursorOfAnotherQueryIsRejectedButPageSizeMayChange() {
        withIndex(index -> {
            fill(index, 6);
            refresh(index);
            GeoPoint here = GeoPoint.of(10, 20);
            SearchQuery q = SearchQuery.builder().text("match").filter(SearchFilter.within("home", here, 50_000))
                    .ranking(Ranking.builder().sharedInterests("interests", List.of("jazz"), 1).build()).pageSize(2)
                    .build();
            String cursor = index.search(q).nextCursor();
            assertThat(cursor).isNotNull();
            List<Function<SearchQuery.Builder, SearchQuery.Builder>> others = List.of(
                    b -> b.text("other"),
                    b -> b.asYouType(true),
                    b -> b.typoTolerance(io.headroom.search.TypoTolerance.NONE),
                    b -> b.phraseBoost(2),
                    b -> b.filter(SearchFilter.anyOf("city", "paris")),
                    b -> b.ranking(Ranking.builder().sharedInterests("interests", List.of("jazz"), 2).build()),
                    b -> b.ranking(Ranking.builder().recency("seen", Duration.ofDays(1), 1).build()),
                    b -> b.facets("city"),
                    b -> b.sort(SearchSort.byDistance("home", here)));
            for (Function<SearchQuery.Builder, SearchQuery.Builder> change : others) {
                SearchQuery other = change.apply(q.toBuilder()).after(cursor).build();
                assertThatThrownBy(() -> index.search(other)).as(other.toString())
                        .isInstanceOf(InvalidSearchCursorException.class).hasMessageContaining("contract");
            }
            assertThat(ids(index.search(q.toBuilder().pageSize(10).after(cursor).build()))).hasSize(4);
        });
    }

    /** A cursor reveals neither the id nor the score of the hit it points at, not even base64-decoded. */
    @Example
    void cursorsRevealNoDocumentId() {
        withIndex(index -> {
            for (int i = 0; i < 3; i++) {
                index.upsert(SearchDocument.builder("secret-id-" + i).text("name", "match").build());
            }
            refresh(index);
            SearchPage page = index.search(SearchQuery.builder().text("match").pageSize(1).build());
            String cursor = page.nextCursor();
            assertThat(cursor).isNotNull().doesNotContain("secret");
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
            assertThat(decoded).doesNotContain("secret").doesNotContain(page.hits().get(0).id());
        });
    }

    /**
     * Two indexes with the same name and cursor keys (two instances, or one after a restart) accept each other's
     * cursors; other keys, a retired key or another name reject them; a rotated key set still accepts them.
     */
    @Example
    void cursorsWorkAcrossInstancesWithTheSameKeys() {
        CursorKeys keys = CursorKeys.of("k1", SHARED_SECRET);
        SearchConfig shared = SearchConfig.named("contract-shared").schema(SCHEMA).cursorKeys(keys).build();
        byte[] other = "another-secret-of-thirty-two-by".getBytes(StandardCharsets.UTF_8);
        List<SearchIndex<SearchDocument>> all = List.of(newIndex(shared), newIndex(shared),
                newIndex(shared.toBuilder().cursorKeys(CursorKeys.of("k1", other)).build()),
                newIndex(shared.toBuilder().name("contract-renamed").build()),
                newIndex(shared.toBuilder().cursorKeys(keys.rotate("k2", other)).build()),
                newIndex(shared.toBuilder().cursorKeys(keys.rotate("k2", other).retire("k1")).build()));
        try {
            for (SearchIndex<SearchDocument> index : all) {
                fill(index, 7);
                refresh(index);
            }
            SearchIndex<SearchDocument> a = all.get(0);
            SearchIndex<SearchDocument> b = all.get(1);
            SearchQuery q = SearchQuery.builder().text("match").pageSize(2).build();
            List<String> seen = new ArrayList<>();
            SearchPage page = a.search(q);
            int turn = 0;
            while (true) {
                seen.addAll(ids(page));
                if (page.nextCursor() == null) {
                    break;
                }
                page = (turn++ % 2 == 0 ? b : a).search(q.after(page.nextCursor()));
            }
            assertThat(seen).doesNotHaveDuplicates().hasSize(7);
            String cursor = a.search(q).nextCursor();
            assertThat(ids(all.get(4).search(q.after(cursor)))).hasSize(2);
            for (SearchIndex<SearchDocument> index : List.of(all.get(2), all.get(3), all.get(5))) {
                assertThatThrownBy(() -> index.search(q.after(cursor))).as(index.toString())
                        .isInstanceOf(InvalidSearchCursorException.class);
            }
        } finally {
            all.forEach(this::release);
        }
    }

    // ---- configuration, async writes, lifecycle --------------------------------------------------------------

    @Example
    void pageSizesComeFromTheConfig() {
        SearchIndex<SearchDocument> index = newIndex(SearchConfig.named("contract").schema(SCHEMA).defaultPageSize(3)
                .maxPageSize(5).build());
        try {
            fill(index, 7);
            refresh(index);
            SearchPage page = index.search(SearchQuery.builder().text("match").build());
            assertThat(page.hits()).hasSize(3);
            assertThat(page.nextCursor()).isNotNull();
            assertThatThrownBy(() -> index.search(SearchQuery.builder().pageSize(6).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize")
                    .hasMessageContaining("5");
        } finally {
            release(index);
        }
    }

    /** Asynchronous writes apply in call order: the last upsert of an id wins, a refresh shows every earlier write. */
    @Example
    void asyncWritesApplyInCallOrder() {
        withIndex(index -> {
            List<CompletionStage<Void>> stages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stages.add(index.upsertAsync(SearchDocument.builder("u1").text("name", "version" + i).build()));
                stages.add(index.upsertAsync(SearchDocument.builder("d" + i).text("name", "doomed").build()));
                stages.add(index.deleteAsync("d" + i));
            }
            stages.forEach(s -> s.toCompletableFuture().join());
            refresh(index);
            assertThat(ids(index.searchAsync(SearchQuery.builder().text("version19").build()).toCompletableFuture()
                    .join())).containsExactly("u1");
            assertThat(ids(index.search(SearchQuery.builder().text("version18").typoTolerance(
                    io.headroom.search.TypoTolerance.NONE).build()))).isEmpty();
            assertThat(ids(index.search(SearchQuery.builder().text("doomed").build()))).isEmpty();
        });
    }

    /** Every call after close, blocking or asynchronous, throws the house's {@link ClosedException}. */
    @Example
    void everyCallAfterCloseThrowsClosedException() {
        SearchIndex<SearchDocument> index = newIndex();
        index.close();
        index.close(); // idempotent
        SearchQuery q = SearchQuery.builder().build();
        SearchDocument d = SearchDocument.of("x");
        List<Runnable> calls = List.of(() -> index.upsert(d), () -> index.upsertAsync(d), () -> index.delete("x"),
                () -> index.deleteAsync("x"), index::refresh, index::refreshAsync, () -> index.search(q),
                () -> index.searchAsync(q));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(ClosedException.class).hasMessageContaining("closed");
        }
        release(index);
    }

    // ---- bad input -----------------------------------------------------------------------------------------

    /** Unknown fields, wrong types, bad coordinates, blank text and foreign cursors fail before any I/O. */
    @Example
    void badInputFailsFastNamingArgumentAndRule() {
        withIndex(index -> {
            bad(() -> index.validate(SearchQuery.builder().filter(SearchFilter.anyOf("nope", "x")).build()),
                    "unknown field 'nope'");
            bad(() -> index.search(SearchQuery.builder().filter(SearchFilter.range("city", 1L, 2L)).build()),
                    "field 'city' is KEYWORD, must be NUMBER");
            bad(() -> index.search(SearchQuery.builder().sort(SearchSort.byField("interests", false)).build()),
                    "not SORTABLE");
            bad(() -> index.search(SearchQuery.builder().facets("age").build()), "must be KEYWORD");
            bad(() -> index.upsert(SearchDocument.builder("u1").text("nickname", "x").build()),
                    "unknown field 'nickname'");
            bad(() -> index.upsert(SearchDocument.builder("u1").number("name", 3).build()),
                    "field 'name' is TEXT, must be NUMBER");
            bad(() -> index.search(SearchQuery.builder().text("a b c d e f g h i j k l m n o p q").build()),
                    "at most 16 words");
            bad(() -> index.delete(""), "id");
            bad(() -> index.search(null), "query");
            bad(() -> index.upsert(null), "value");
            assertThatThrownBy(() -> index.search(SearchQuery.builder().after("not-a-cursor").build()))
                    .isInstanceOf(InvalidSearchCursorException.class);
        });
        bad(() -> SearchQuery.builder().text(" "), "blank");
        bad(() -> GeoPoint.of(91, 0), "lat must be between -90 and 90");
        bad(() -> GeoPoint.of(0, -181), "lon must be between -180 and 180");
        bad(() -> SearchFilter.within("home", GeoPoint.of(0, 0), 0), "radiusMeters");
        bad(() -> SearchQuery.builder().pageSize(101), "pageSize");
        bad(() -> SearchFilter.anyOf("city"), "needs 1 to");
        bad(() -> SearchFilter.range("age", 5L, 1L), "min 5 > max 1");
        bad(() -> Ranking.builder().sharedInterests("interests", List.of("a"), 0), "weight must be > 0");
    }

    private static void bad(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(1, 12);
    }

    /** The ids of a page, as a set (for callers comparing membership). */
    static Set<String> idSet(SearchPage page) {
        return new HashSet<>(ids(page));
    }
}
