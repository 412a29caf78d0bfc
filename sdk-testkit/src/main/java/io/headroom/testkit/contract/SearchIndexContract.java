package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.ClosedException;
import io.headroom.page.CursorKeys;
import io.headroom.search.GeoPoint;
import io.headroom.search.InvalidSearchCursorException;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The contract every {@link SearchIndex} backend passes, run unchanged against each (Lucene as a *Test, servers as
 * *IT): exact and fuzzy matching, deletes, geo radius vs a haversine model, exact keyword filters, paging without
 * skips or repeats, interest-overlap ranking and bad input. Subclasses supply a fresh, empty index per call.
 */
public abstract class SearchIndexContract {

    /** Mean Earth radius used by the reference model (Lucene's and OpenSearch's). */
    private static final double EARTH_RADIUS_M = 6_371_008.7714;

    /** The secret of the cursor keys the cross-instance examples share (32 bytes). */
    private static final byte[] SHARED_SECRET = "contract-shared-secret-0123456789".getBytes(StandardCharsets.UTF_8);

    /**
     * Creates a fresh, empty index of {@link SearchDocument}s (identity mapper) with this configuration; the contract
     * closes it. Two indexes created with the same name and keys stand for two instances of one service: they may
     * share storage (a remote engine) or not (embedded), the contract writes the same documents to both.
     *
     * @param config the configuration
     * @return the index
     */
    protected abstract SearchIndex<SearchDocument> newIndex(SearchConfig config);

    /**
     * Creates a fresh, empty index named {@code "contract"} with the other settings at their defaults.
     *
     * @return the index
     */
    protected SearchIndex<SearchDocument> newIndex() {
        return newIndex(SearchConfig.named("contract").build());
    }

    // ---- text --------------------------------------------------------------------------------------------

    @Example
    void exactTermFindsTheDocument() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            index.upsert(SearchDocument.of("u1").withText("name", "Jonathan Smith"));
            index.upsert(SearchDocument.of("u2").withText("name", "Maria Garcia"));
            index.refresh();
            assertThat(ids(index.search(SearchQuery.builder().text("jonathan").build())))
                    .containsExactly("u1");
            assertThat(ids(index.search(SearchQuery.builder().text("GARCIA maria").build())))
                    .containsExactly("u2");
        }
    }

    @Example
    void writesAreVisibleAfterRefresh() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            index.upsert(SearchDocument.of("u1").withText("name", "alpha"));
            index.refresh();
            assertThat(ids(index.search(SearchQuery.builder().text("alpha").build()))).containsExactly("u1");
            index.upsert(SearchDocument.of("u1").withText("name", "beta"));
            index.refresh();
            assertThat(ids(index.search(SearchQuery.builder().text("alpha").build()))).isEmpty();
            assertThat(ids(index.search(SearchQuery.builder().text("beta").build()))).containsExactly("u1");
        }
    }

    /** A word misspelled by up to two edits (substitution, insertion, deletion after the first letter) is found. */
    @Property(tries = 60)
    void misspelledTermsWithinTwoEditsAreFound(@ForAll("words") String word,
                                               @ForAll @IntRange(min = 0, max = 2) int edits,
                                               @ForAll("seeds") long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        StringBuilder c = new StringBuilder(word);
        for (int i = 0; i < edits; i++) {
            // substitution, insertion or deletion, after the first letter (the default prefix length is 1)
            int pos = 1 + rnd.nextInt(c.length() - 1);
            char ch = (char) ('a' + rnd.nextInt(26));
            switch (rnd.nextInt(3)) {
                case 0 -> c.setCharAt(pos, ch);
                case 1 -> c.insert(pos, ch);
                default -> c.deleteCharAt(pos);
            }
        }
        String typo = c.toString();
        try (SearchIndex<SearchDocument> index = newIndex()) {
            index.upsert(SearchDocument.of("target").withText("name", word));
            index.upsert(SearchDocument.of("other").withText("name", "0000000000000000"));
            index.refresh();
            List<String> found = ids(index.search(SearchQuery.builder().text(typo).fuzziness(2).build()));
            assertThat(found).contains("target").doesNotContain("other");
            if (!typo.equals(word)) {
                List<String> exact = ids(index.search(SearchQuery.builder().text(typo).build()));
                assertThat(exact).doesNotContain("target");
            }
        }
    }

    @Example
    void fuzzyFindsJonForJohn() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            index.upsert(SearchDocument.of("u1").withText("name", "John"));
            index.upsert(SearchDocument.of("u2").withText("name", "Jonas"));
            index.upsert(SearchDocument.of("u3").withText("name", "Xavier"));
            index.refresh();
            assertThat(ids(index.search(SearchQuery.builder().text("jon").fuzziness(1).build())))
                    .containsExactlyInAnyOrder("u1");
            assertThat(ids(index.search(SearchQuery.builder().text("jon").fuzziness(2).build())))
                    .containsExactlyInAnyOrder("u1", "u2");
        }
    }

    // ---- deletes -----------------------------------------------------------------------------------------

    /** After any sequence of upserts and deletes, a match-all search returns exactly the live ids. */
    @Property(tries = 60)
    void deletedDocumentsAreNeverReturned(@ForAll("ops") List<Integer> ops) {
        Set<String> live = new TreeSet<>();
        try (SearchIndex<SearchDocument> index = newIndex()) {
            for (int op : ops) {
                String id = "d" + Math.abs(op % 12);
                if (op >= 0) {
                    index.upsert(SearchDocument.of(id).withText("body", "common words " + id));
                    live.add(id);
                } else {
                    index.delete(id);
                    live.remove(id);
                }
                if (Math.abs(op) % 5 == 0) {
                    index.refresh();
                }
            }
            index.refresh();
            assertThat(new TreeSet<>(ids(index.search(SearchQuery.builder().pageSize(100).build()))))
                    .isEqualTo(live);
            assertThat(new TreeSet<>(ids(index.search(SearchQuery.builder().text("common").pageSize(100).build()))))
                    .isEqualTo(live);
        }
    }

    // ---- geo ---------------------------------------------------------------------------------------------

    /** The geo filter returns exactly the documents within the radius (haversine model; 1 m + 0.01% slack). */
    @Property(tries = 60)
    void geoFilterMatchesTheHaversineModel(@ForAll("points") List<GeoPoint> points, @ForAll("points1") GeoPoint center,
                                           @ForAll @IntRange(min = 100, max = 60_000) int radius) {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            Map<String, GeoPoint> byId = new HashMap<>();
            for (int i = 0; i < points.size(); i++) {
                byId.put("p" + i, points.get(i));
                index.upsert(SearchDocument.of("p" + i).withLocation(points.get(i)));
            }
            index.upsert(SearchDocument.of("nowhere"));
            index.refresh();
            SearchPage page = index.search(SearchQuery.builder().within(center, radius).pageSize(100).build());
            double slack = 1 + radius * 1e-4;
            Set<String> got = new HashSet<>(ids(page));
            for (Map.Entry<String, GeoPoint> e : byId.entrySet()) {
                double d = haversine(center, e.getValue());
                if (d < radius - slack) {
                    assertThat(got).as("%s at %.1f m of a %d m radius", e.getKey(), d, radius).contains(e.getKey());
                } else if (d > radius + slack) {
                    assertThat(got).as("%s at %.1f m of a %d m radius", e.getKey(), d, radius)
                            .doesNotContain(e.getKey());
                }
            }
            assertThat(got).doesNotContain("nowhere");
            for (SearchHit h : page.hits()) {
                assertThat(h.distanceMeters()).isNotNull();
                assertThat(h.distanceMeters()).isCloseTo(haversine(center, byId.get(h.id())),
                        org.assertj.core.data.Offset.offset(slack));
            }
        }
    }

    @Example
    void distanceSortIsNearestFirst() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            GeoPoint me = GeoPoint.of(48.8566, 2.3522);
            index.upsert(SearchDocument.of("far").withLocation(GeoPoint.of(48.90, 2.40)));
            index.upsert(SearchDocument.of("near").withLocation(GeoPoint.of(48.857, 2.353)));
            index.upsert(SearchDocument.of("mid").withLocation(GeoPoint.of(48.87, 2.36)));
            index.refresh();
            SearchPage page = index.search(SearchQuery.builder().within(me, 20_000).sort(SearchSort.DISTANCE).build());
            assertThat(ids(page)).containsExactly("near", "mid", "far");
        }
    }

    // ---- keywords ----------------------------------------------------------------------------------------

    /** A keyword filter returns exactly the documents holding that exact value (case-sensitive, unanalysed). */
    @Property(tries = 60)
    void keywordFiltersAreExact(@ForAll("cities") List<String> cities, @ForAll("city") String wanted) {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            Set<String> expected = new TreeSet<>();
            for (int i = 0; i < cities.size(); i++) {
                index.upsert(SearchDocument.of("c" + i).withKeyword("city", cities.get(i)));
                if (cities.get(i).equals(wanted)) {
                    expected.add("c" + i);
                }
            }
            index.refresh();
            assertThat(new TreeSet<>(ids(index.search(SearchQuery.builder().filter("city", wanted).pageSize(100)
                    .build())))).isEqualTo(expected);
        }
    }

    // ---- paging ------------------------------------------------------------------------------------------

    /** Following cursors through every page yields each matching document exactly once. */
    @Property(tries = 40)
    void pagingYieldsEachHitOnce(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll @IntRange(min = 1, max = 9) int size,
                                 @ForAll boolean byDistance) {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            for (int i = 0; i < n; i++) {
                // varying text length gives varying scores, and many ties, to exercise the id tie-break
                index.upsert(SearchDocument.of("d" + i).withText("t", "match" + " filler".repeat(i % 4))
                        .withLocation(GeoPoint.of(10 + (i % 7) * 0.001, 20)));
            }
            index.upsert(SearchDocument.of("nomatch").withText("t", "other"));
            index.refresh();
            SearchQuery.Builder b = SearchQuery.builder().text("match").pageSize(size);
            if (byDistance) {
                b.within(GeoPoint.of(10, 20), 100_000).sort(SearchSort.DISTANCE);
            }
            SearchQuery q = b.build();
            List<String> all = new ArrayList<>();
            SearchPage page = index.search(q);
            int guard = 0;
            while (true) {
                assertThat(page.hits().size()).isLessThanOrEqualTo(size);
                all.addAll(ids(page));
                if (page.nextCursor() == null) {
                    break;
                }
                page = index.search(q.after(page.nextCursor()));
                assertThat(++guard).isLessThan(200);
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(n);
            assertThat(new HashSet<>(all)).isEqualTo(
                    java.util.stream.IntStream.range(0, n).mapToObj(i -> "d" + i).collect(Collectors.toSet()));
        }
    }

    @Example
    void tamperedOrForeignCursorsAreRejected() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            for (int i = 0; i < 5; i++) {
                index.upsert(SearchDocument.of("d" + i).withText("t", "match"));
            }
            index.refresh();
            SearchQuery q = SearchQuery.builder().text("match").pageSize(2).build();
            String cursor = index.search(q).nextCursor();
            assertThat(cursor).isNotNull();
            assertThatThrownBy(() -> index.search(q.after("x" + cursor)))
                    .isInstanceOf(InvalidSearchCursorException.class);
            assertThatThrownBy(() -> index.search(q.after("not-a-cursor")))
                    .isInstanceOf(InvalidSearchCursorException.class);
            SearchQuery other = SearchQuery.builder().text("other").pageSize(2).after(cursor).build();
            assertThatThrownBy(() -> index.search(other)).isInstanceOf(InvalidSearchCursorException.class);
        }
    }

    // ---- ranking -----------------------------------------------------------------------------------------

    /** With equal text relevance, documents sharing more of the query's interests rank first. */
    @Property(tries = 60)
    void higherInterestOverlapRanksFirst(@ForAll("tagSets") List<Set<String>> tagSets) {
        Set<String> mine = Set.of("hiking", "jazz", "chess", "rust");
        try (SearchIndex<SearchDocument> index = newIndex()) {
            Map<String, Integer> overlap = new HashMap<>();
            for (int i = 0; i < tagSets.size(); i++) {
                index.upsert(SearchDocument.of("u" + i).withText("bio", "hello world").withInterests(tagSets.get(i)));
                Set<String> shared = new HashSet<>(tagSets.get(i));
                shared.retainAll(mine);
                overlap.put("u" + i, shared.size());
            }
            index.refresh();
            List<String> ranked = ids(index.search(SearchQuery.builder().text("hello").interests(mine)
                    .pageSize(100).build()));
            assertThat(ranked).hasSize(tagSets.size());
            for (int i = 1; i < ranked.size(); i++) {
                assertThat(overlap.get(ranked.get(i - 1))).as("overlap order of %s", ranked)
                        .isGreaterThanOrEqualTo(overlap.get(ranked.get(i)));
            }
        }
    }

    @Example
    void recentDocumentsRankFirstWithRecencyBoost() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            long now = 1_700_000_000_000L;
            index.upsert(SearchDocument.of("old").withText("t", "news").withTimestamp(now - 86_400_000L * 30));
            index.upsert(SearchDocument.of("new").withText("t", "news").withTimestamp(now - 60_000));
            index.refresh();
            assertThat(ids(index.search(SearchQuery.builder().text("news")
                    .recency(now, java.time.Duration.ofDays(1), 2f).build()))).containsExactly("new", "old");
        }
    }

    @Example
    void asyncSearchAnswersLikeSync() throws Exception {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            index.upsert(SearchDocument.of("u1").withText("name", "async"));
            index.refresh();
            SearchQuery q = SearchQuery.builder().text("async").build();
            assertThat(index.searchAsync(q).toCompletableFuture().get()).isEqualTo(index.search(q));
        }
    }

    // ---- cursors: the house's scheme (added with the house issue) ------------------------------------------

    /** Changing any one character of a cursor, or cutting it short, gets it rejected, never a wrong page. */
    @Property(tries = 40)
    void anyAlteredOrTruncatedCursorIsRejected(@ForAll("seeds") long seed) {
        java.util.Random rnd = new java.util.Random(seed);
        try (SearchIndex<SearchDocument> index = newIndex()) {
            fill(index, 5);
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
            assertThatThrownBy(() -> index.search(q.after(altered))).as("altered at %d", pos)
                    .isInstanceOf(InvalidSearchCursorException.class);
            String cut = cursor.substring(0, 1 + rnd.nextInt(cursor.length() - 1));
            assertThatThrownBy(() -> index.search(q.after(cut))).isInstanceOf(InvalidSearchCursorException.class);
        }
    }

    /** A cursor is bound to its query: any other text, filter, fuzziness, geo, boost or sort rejects it. */
    @Example
    void aCursorOfAnotherQueryIsRejectedButPageSizeMayChange() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            fill(index, 6);
            GeoPoint here = GeoPoint.of(10, 20);
            SearchQuery q = SearchQuery.builder().text("match").within(here, 50_000).interest("jazz", 1f).pageSize(2)
                    .build();
            String cursor = index.search(q).nextCursor();
            assertThat(cursor).isNotNull();
            List<Function<SearchQuery.Builder, SearchQuery.Builder>> others = List.of(
                    b -> b.text("other"),
                    b -> b.filter("city", "paris"),
                    b -> b.fuzziness(1),
                    b -> b.prefixLength(2),
                    b -> b.within(here, 60_000),
                    b -> b.within(GeoPoint.of(10.001, 20), 50_000),
                    b -> b.interest("jazz", 2f),
                    b -> b.interest("golf", 1f),
                    b -> b.recency(1_700_000_000_000L, java.time.Duration.ofDays(1), 1f),
                    b -> b.sort(SearchSort.DISTANCE));
            for (Function<SearchQuery.Builder, SearchQuery.Builder> change : others) {
                SearchQuery other = change.apply(q.toBuilder()).after(cursor).build();
                assertThatThrownBy(() -> index.search(other)).as(other.toString())
                        .isInstanceOf(InvalidSearchCursorException.class).hasMessageContaining("contract");
            }
            List<String> rest = ids(index.search(q.toBuilder().pageSize(10).after(cursor).build()));
            assertThat(rest).hasSize(4);
        }
    }

    /** A cursor reveals neither the id nor the score of the hit it points at, not even base64-decoded. */
    @Example
    void cursorsRevealNoDocumentId() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            for (int i = 0; i < 3; i++) {
                index.upsert(SearchDocument.of("secret-id-" + i).withText("t", "match"));
            }
            index.refresh();
            SearchPage page = index.search(SearchQuery.builder().text("match").pageSize(1).build());
            String cursor = page.nextCursor();
            assertThat(cursor).isNotNull().doesNotContain("secret");
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
            assertThat(decoded).doesNotContain("secret").doesNotContain(page.hits().get(0).id());
        }
    }

    /**
     * Two indexes with the same name and cursor keys (two instances, or one after a restart) accept each other's
     * cursors, and a walk across them returns every hit once; other keys, a retired key or another name reject
     * them; a rotated key set still accepts them.
     */
    @Example
    void cursorsWorkAcrossInstancesWithTheSameKeys() {
        CursorKeys keys = CursorKeys.of("k1", SHARED_SECRET);
        SearchConfig shared = SearchConfig.named("contract-shared").cursorKeys(keys).build();
        byte[] other = "another-secret-of-thirty-two-by".getBytes(StandardCharsets.UTF_8);
        try (SearchIndex<SearchDocument> a = newIndex(shared);
             SearchIndex<SearchDocument> b = newIndex(shared);
             SearchIndex<SearchDocument> foreign = newIndex(shared.toBuilder()
                     .cursorKeys(CursorKeys.of("k1", other)).build());
             SearchIndex<SearchDocument> renamed = newIndex(shared.toBuilder().name("contract-renamed").build());
             SearchIndex<SearchDocument> rotated = newIndex(shared.toBuilder()
                     .cursorKeys(keys.rotate("k2", other)).build());
             SearchIndex<SearchDocument> retired = newIndex(shared.toBuilder()
                     .cursorKeys(keys.rotate("k2", other).retire("k1")).build())) {
            for (SearchIndex<SearchDocument> index : List.of(a, b, foreign, renamed, rotated, retired)) {
                fill(index, 7);
            }
            SearchQuery q = SearchQuery.builder().text("match").pageSize(2).build();
            List<String> all = new ArrayList<>();
            SearchPage page = a.search(q);
            int turn = 0;
            while (true) {
                all.addAll(ids(page));
                if (page.nextCursor() == null) {
                    break;
                }
                page = (turn++ % 2 == 0 ? b : a).search(q.after(page.nextCursor()));
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(7);
            String cursor = a.search(q).nextCursor();
            assertThat(cursor).isNotNull();
            assertThat(ids(rotated.search(q.after(cursor)))).hasSize(2);
            for (SearchIndex<SearchDocument> index : List.of(foreign, renamed, retired)) {
                assertThatThrownBy(() -> index.search(q.after(cursor))).as(index.toString())
                        .isInstanceOf(InvalidSearchCursorException.class);
            }
        }
    }

    // ---- configuration, async writes, lifecycle ------------------------------------------------------------

    @Example
    void pageSizesComeFromTheConfig() {
        try (SearchIndex<SearchDocument> index = newIndex(SearchConfig.named("contract").defaultPageSize(3)
                .maxPageSize(5).build())) {
            assertThat(index.config().name()).isEqualTo("contract");
            fill(index, 7);
            SearchPage page = index.search(SearchQuery.builder().text("match").build());
            assertThat(page.hits()).hasSize(3);
            assertThat(page.nextCursor()).isNotNull();
            assertThatThrownBy(() -> index.search(SearchQuery.builder().pageSize(6).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageSize")
                    .hasMessageContaining("5");
        }
    }

    /** Asynchronous writes apply in call order: the last upsert of an id wins, a refresh shows every earlier write. */
    @Example
    void asyncWritesApplyInCallOrder() {
        try (SearchIndex<SearchDocument> index = newIndex()) {
            List<CompletionStage<Void>> stages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stages.add(index.upsertAsync(SearchDocument.of("u1").withText("name", "version" + i)));
                stages.add(index.upsertAsync(SearchDocument.of("d" + i).withText("name", "doomed")));
                stages.add(index.deleteAsync("d" + i));
            }
            stages.add(index.refreshAsync());
            for (CompletionStage<Void> stage : stages) {
                stage.toCompletableFuture().join();
            }
            assertThat(ids(index.searchAsync(SearchQuery.builder().text("version19").build()).toCompletableFuture()
                    .join())).containsExactly("u1");
            assertThat(ids(index.search(SearchQuery.builder().text("version18").build()))).isEmpty();
            assertThat(ids(index.search(SearchQuery.builder().text("doomed").build()))).isEmpty();
        }
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
    }

    // ---- bad input ---------------------------------------------------------------------------------------

    @Example
    void badInputFailsFastNamingArgumentAndRule() {
        assertThatThrownBy(() -> SearchQuery.builder().text(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> SearchQuery.builder().fuzziness(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fuzziness").hasMessageContaining("between 0 and 2");
        assertThatThrownBy(() -> SearchQuery.builder().pageSize(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageSize");
        assertThatThrownBy(() -> SearchQuery.builder().pageSize(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageSize");
        assertThatThrownBy(() -> SearchQuery.builder().within(GeoPoint.of(0, 0), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radiusMeters");
        assertThatThrownBy(() -> SearchQuery.builder().within(GeoPoint.of(0, 0), -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("radiusMeters");
        assertThatThrownBy(() -> GeoPoint.of(91, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lat");
        assertThatThrownBy(() -> GeoPoint.of(0, -181)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lon");
        assertThatThrownBy(() -> SearchQuery.builder().sort(SearchSort.DISTANCE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("center");
        assertThatThrownBy(() -> SearchDocument.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id");
        try (SearchIndex<SearchDocument> index = newIndex()) {
            assertThatThrownBy(() -> index.delete("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("id");
            assertThatThrownBy(() -> index.search(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("query");
            assertThatThrownBy(() -> index.upsert(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value");
        }
    }

    // ---- helpers and arbitraries -------------------------------------------------------------------------

    private static void fill(SearchIndex<SearchDocument> index, int n) {
        for (int i = 0; i < n; i++) {
            index.upsert(SearchDocument.of("d" + i).withText("t", "match").withLocation(GeoPoint.of(10, 20))
                    .withInterests(Set.of("jazz")));
        }
        index.refresh();
    }

    private static List<String> ids(SearchPage page) {
        return page.hits().stream().map(SearchHit::id).collect(Collectors.toList());
    }

    private static double haversine(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(6).ofMaxLength(12);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<List<Integer>> ops() {
        return Arbitraries.integers().between(-30, 30).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<GeoPoint> points1() {
        // a ~1 degree box around Paris: many points fall near any radius up to 60 km
        return Combinators.combine(Arbitraries.doubles().between(48.4, 49.3), Arbitraries.doubles().between(1.7, 3.0))
                .as(GeoPoint::new);
    }

    @Provide
    Arbitrary<List<GeoPoint>> points() {
        return points1().list().ofMaxSize(80);
    }

    @Provide
    Arbitrary<String> city() {
        return Arbitraries.of("paris", "Paris", "lyon", "lyon-2", "nice", "saint-étienne");
    }

    @Provide
    Arbitrary<List<String>> cities() {
        return city().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Set<String>>> tagSets() {
        return Arbitraries.of("hiking", "jazz", "chess", "rust", "golf", "opera").set().ofMaxSize(4).list()
                .ofMinSize(1).ofMaxSize(30);
    }
}
