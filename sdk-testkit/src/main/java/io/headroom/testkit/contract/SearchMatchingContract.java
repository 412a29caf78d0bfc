package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.search.FacetCount;
import io.headroom.search.GeoPoint;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.TypoTolerance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The matching half of the search contract: text (analysis, typo classes by word length, as-you-type, phrase),
 * filters, geo distance and facets, each compared with {@link SearchModel}, the brute-force model of
 * docs/search-query-language.md. Tries are bounded so the whole contract runs in seconds on an embedded backend.
 */
public abstract class SearchMatchingContract extends SearchContractSupport {

    /** Creates the contract. */
    protected SearchMatchingContract() {
    }

    // ---- text ----------------------------------------------------------------------------------------------

    /** For random documents and typed, misspelled or cut-short words, the hits and scores are the model's. */
    @Property(tries = 40)
    void textMatchesTheModel(@ForAll("docs") List<SearchDocument> docs, @ForAll("seeds") long seed) {
        Random rnd = new Random(seed);
        SearchQuery q = randomTextQuery(docs, rnd).pageSize(100).build();
        withIndex(index -> {
            load(index, docs);
            assertSameHits(index.search(q), new SearchModel(SCHEMA, 0).search(docs, q), q);
        });
    }

    /** Each typo class finds what it should and nothing it should not (Algolia-style lengths 4 and 8). */
    @Example
    void typoClassesByWordLength() {
        withIndex(index -> {
            load(index, List.of(doc("d3", "cat"), doc("d4", "john"), doc("d8", "cristina"), doc("dt", "martin")));
            // under 4 characters: exact only
            assertThat(hits(index, "cat")).containsExactly("d3");
            assertThat(hits(index, "cot")).isEmpty();
            // from 4: one typo (substitution, insertion, deletion, transposition), not two
            assertThat(hits(index, "jhon")).containsExactly("d4");
            assertThat(hits(index, "joh")).isEmpty(); // the query word has 3 characters: exact only
            assertThat(hits(index, "johnn")).containsExactly("d4");
            assertThat(hits(index, "jxhnn")).isEmpty();
            assertThat(hits(index, "matrin")).containsExactly("dt"); // a transposition is one typo
            // from 8: two typos, not three
            assertThat(hits(index, "kristine")).isEmpty(); // first character is exact
            assertThat(hits(index, "crystine")).containsExactly("d8");
            assertThat(hits(index, "crystyne")).isEmpty();
            // tunable: two typos from 4 characters
            assertThat(ids(index.search(SearchQuery.builder().text("jxhnn").typoTolerance(TypoTolerance.of(4, 4))
                    .build()))).containsExactly("d4");
            assertThat(ids(index.search(SearchQuery.builder().text("jhon").typoTolerance(TypoTolerance.NONE)
                    .build()))).isEmpty();
        });
    }

    /** As-you-type finds a document by every prefix of its words, and an exact word ranks above a prefix. */
    @Property(tries = 20)
    void asYouTypeFindsEveryPrefix(@ForAll("words") String word) {
        withIndex(index -> {
            load(index, List.of(doc("target", "zz " + word), doc("exact", word.substring(0, 1))));
            for (int len = 1; len <= word.length(); len++) {
                String prefix = word.substring(0, len);
                List<String> found = ids(index.search(SearchQuery.builder().text("zz " + prefix).asYouType(true)
                        .build()));
                assertThat(found).as("prefix %s", prefix).contains("target");
                List<String> alone = ids(index.search(SearchQuery.builder().text(prefix).asYouType(true).build()));
                assertThat(alone).as("prefix %s", prefix).contains("target");
            }
            List<String> one = ids(index.search(SearchQuery.builder().text(word.substring(0, 1)).asYouType(true)
                    .build()));
            assertThat(one.get(0)).isEqualTo("exact");
        });
    }

    /** Accents and case fold: "Zoë" finds "zoe" and the other way round. */
    @Example
    void accentsAndCaseFold() {
        withIndex(index -> {
            load(index, List.of(doc("a", "Zoë Ærøskøbing"), doc("b", "zoe garcia"), doc("c", "Noël")));
            assertThat(hits(index, "zoe")).containsExactly("a", "b");
            assertThat(hits(index, "ZOË")).containsExactly("a", "b");
            assertThat(hits(index, "aeroskobing")).containsExactly("a");
            assertThat(hits(index, "noel")).containsExactly("c");
        });
    }

    /** The exact phrase ranks first; a name match outranks a bio match (field boosts). */
    @Example
    void phraseBoostAndFieldBoosts() {
        withIndex(index -> {
            load(index, List.of(doc("apart", "maria lopez garcia"), doc("phrase", "lopez maria garcia"),
                    SearchDocument.builder("bio").text("bio", "maria garcia").build()));
            assertThat(ids(index.search(SearchQuery.builder().text("lopez maria").build())))
                    .containsExactly("phrase", "apart");
            assertThat(ids(index.search(SearchQuery.builder().text("garcia").build()))).containsExactly("apart",
                    "phrase", "bio");
        });
    }

    // ---- filters and facets --------------------------------------------------------------------------------

    /** For random documents and random combinations of filters, the hits are exactly the model's. */
    @Property(tries = 40)
    void filtersMatchTheModel(@ForAll("docs") List<SearchDocument> docs, @ForAll("filters") SearchFilter filter) {
        SearchQuery q = SearchQuery.builder().filter(filter).pageSize(100).build();
        withIndex(index -> {
            load(index, docs);
            List<String> got = ids(index.search(q));
            List<String> model = new SearchModel(SCHEMA, 0).search(docs, q).stream().map(SearchModel.Hit::id).toList();
            // a document within 1 m of a geo circle may fall either way (coordinate quantisation)
            List<String> uncertain = docs.stream().filter(d -> SearchModel.nearAGeoBoundary(List.of(filter), d, 1))
                    .map(SearchDocument::id).toList();
            assertThat(without(got, uncertain)).as(filter.describe()).isEqualTo(without(model, uncertain));
        });
    }

    /** Hit distances are the haversine distance from the filter's center. */
    @Property(tries = 20)
    void hitDistancesAreHaversine(@ForAll("docs") List<SearchDocument> docs, @ForAll("points") GeoPoint center) {
        SearchQuery q = SearchQuery.builder().filter(SearchFilter.within("home", center, 40_000)).pageSize(100)
                .build();
        withIndex(index -> {
            load(index, docs);
            Map<String, SearchDocument> byId = docs.stream().collect(Collectors.toMap(SearchDocument::id, d -> d));
            for (SearchHit h : index.search(q).hits()) {
                double d = SearchModel.haversine(center, byId.get(h.id()).geoPoints().get("home"));
                assertThat(h.distanceMeters()).isNotNull();
                assertThat(h.distanceMeters()).isCloseTo(d, org.assertj.core.data.Offset.offset(1 + d * 1e-4));
            }
        });
    }

    /** Facet counts are the model's: over all hits (not the page), by count then value, cut to the size. */
    @Property(tries = 25)
    void facetsMatchTheModel(@ForAll("docs") List<SearchDocument> docs, @ForAll("filters") SearchFilter filter,
                             @ForAll("facetSizes") int size) {
        SearchQuery q = SearchQuery.builder().filter(filter).facets("interests", "city").facetSize(size).pageSize(2)
                .build();
        List<String> uncertain = docs.stream().filter(d -> SearchModel.nearAGeoBoundary(List.of(filter), d, 1))
                .map(SearchDocument::id).toList();
        if (!uncertain.isEmpty()) {
            return;
        }
        withIndex(index -> {
            load(index, docs);
            Map<String, List<FacetCount>> expected = SearchModel.facets(new SearchModel(SCHEMA, 0).search(docs, q), q);
            SearchPage page = index.search(q);
            assertThat(page.facets()).isEqualTo(expected);
            if (page.nextCursor() != null) {
                assertThat(index.search(q.after(page.nextCursor())).facets()).isEqualTo(expected);
            }
        });
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static SearchDocument doc(String id, String name) {
        return SearchDocument.builder(id).text("name", name).build();
    }

    static List<String> hits(SearchIndex<SearchDocument> index, String text) {
        return ids(index.search(SearchQuery.builder().text(text).build()));
    }

    private static List<String> without(List<String> ids, List<String> drop) {
        return ids.stream().filter(id -> !drop.contains(id)).toList();
    }

    /** Same ids, scores close to the model's, in an order the model agrees with (ties aside). */
    static void assertSameHits(SearchPage page, List<SearchModel.Hit> model, SearchQuery q) {
        Map<String, Double> scores = new HashMap<>();
        model.forEach(h -> scores.put(h.id(), h.score()));
        assertThat(ids(page)).as("%s", q).containsExactlyInAnyOrderElementsOf(
                model.stream().map(SearchModel.Hit::id).toList());
        assertRankedLikeTheModel(page.hits(), model, page.hits().size(), q);
    }

    /** The top {@code k}: each hit's score is the model's, scores never increase, and nothing better is missing. */
    static void assertRankedLikeTheModel(List<SearchHit> got, List<SearchModel.Hit> model, int k, SearchQuery q) {
        Map<String, Double> scores = new HashMap<>();
        model.forEach(h -> scores.put(h.id(), h.score()));
        assertThat(got).as("%s", q).hasSize(Math.min(k, model.size()));
        for (SearchHit h : got) {
            assertThat(scores).as("%s", q).containsKey(h.id());
            assertScoreClose(h, scores.get(h.id()));
        }
        for (int i = 1; i < got.size(); i++) {
            double prev = scores.get(got.get(i - 1).id());
            double cur = scores.get(got.get(i).id());
            assertThat(prev).as("order of %s for %s", got, q).isGreaterThanOrEqualTo(cur - eps(cur));
        }
        if (model.size() > k && k > 0) {
            double threshold = model.get(k - 1).score();
            List<String> gotIds = got.stream().map(SearchHit::id).toList();
            for (SearchModel.Hit h : model) {
                if (h.score() > threshold + eps(threshold)) {
                    assertThat(gotIds).as("top %d of %s", k, q).contains(h.id());
                }
            }
        }
    }

    static double eps(double score) {
        return 1e-4 * Math.max(1, Math.abs(score));
    }

    /** A text query from the documents' words, misspelled, cut short or cased, with random text settings. */
    static SearchQuery.Builder randomTextQuery(List<SearchDocument> docs, Random rnd) {
        List<String> vocabulary = new ArrayList<>();
        docs.forEach(d -> d.text().values().forEach(t -> vocabulary.addAll(SearchModel.words(t))));
        int n = 1 + rnd.nextInt(3);
        List<String> words = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String w = vocabulary.isEmpty() || rnd.nextInt(5) == 0 ? "abcd".substring(0, 2 + rnd.nextInt(3))
                    : vocabulary.get(rnd.nextInt(vocabulary.size()));
            words.add(mutate(w, rnd));
        }
        TypoTolerance typos = switch (rnd.nextInt(4)) {
            case 0 -> TypoTolerance.NONE;
            case 1 -> new TypoTolerance(3, 5, 0);
            default -> TypoTolerance.ofDefaults();
        };
        return SearchQuery.builder().text(String.join(" ", words)).typoTolerance(typos).asYouType(rnd.nextBoolean())
                .phraseBoost(rnd.nextInt(3));
    }

    private static String mutate(String word, Random rnd) {
        StringBuilder c = new StringBuilder(word);
        int edits = rnd.nextInt(4); // 0..3 edits: some must not match
        for (int i = 0; i < edits && c.length() > 1; i++) {
            int pos = rnd.nextInt(c.length());
            char ch = "abcdef".charAt(rnd.nextInt(6));
            switch (rnd.nextInt(5)) {
                case 0 -> c.setCharAt(pos, ch);
                case 1 -> c.insert(pos, ch);
                case 2 -> c.deleteCharAt(pos);
                case 3 -> {
                    if (pos + 1 < c.length()) {
                        char a = c.charAt(pos);
                        c.setCharAt(pos, c.charAt(pos + 1));
                        c.setCharAt(pos + 1, a);
                    }
                }
                default -> c.setLength(Math.max(1, c.length() - 1 - rnd.nextInt(c.length())));
            }
        }
        return rnd.nextInt(4) == 0 ? c.toString().toUpperCase(java.util.Locale.ROOT) : c.toString();
    }

    @Provide
    Arbitrary<List<SearchDocument>> docs() {
        return documents(25);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withChars("abcdefgh").ofMinLength(2).ofMaxLength(10);
    }

    @Provide
    Arbitrary<GeoPoint> points() {
        return point();
    }

    @Provide
    Arbitrary<Integer> facetSizes() {
        return Arbitraries.integers().between(1, 8);
    }

    @Provide
    Arbitrary<SearchFilter> filters() {
        return filter(2);
    }

    static Arbitrary<SearchFilter> filter(int depth) {
        Arbitrary<SearchFilter> leaf = Arbitraries.oneOf(
                Arbitraries.of(CITIES).set().ofMinSize(1).ofMaxSize(2).map(v -> SearchFilter.anyOf("city", v)),
                Arbitraries.of(INTERESTS).set().ofMinSize(1).ofMaxSize(3)
                        .map(v -> SearchFilter.anyOf("interests", v)),
                Arbitraries.of(INTERESTS).set().ofMinSize(1).ofMaxSize(2)
                        .map(v -> SearchFilter.allOf("interests", v.toArray(String[]::new))),
                Arbitraries.of(INTERESTS).set().ofMinSize(1).ofMaxSize(2)
                        .map(v -> SearchFilter.noneOf("interests", v.toArray(String[]::new))),
                Arbitraries.longs().between(10, 85).tuple2().map(t -> {
                    long lo = Math.min(t.get1(), t.get2());
                    long hi = Math.max(t.get1(), t.get2());
                    return switch ((int) (t.get1() % 3)) {
                        case 0 -> SearchFilter.range("age", lo, null);
                        case 1 -> SearchFilter.range("age", null, hi);
                        default -> SearchFilter.range("age", lo, hi);
                    };
                }),
                Arbitraries.longs().between(0, 60).map(days -> SearchFilter.between("seen",
                        NOW.minus(java.time.Duration.ofDays(days)), days % 2 == 0 ? null : NOW)),
                Arbitraries.longs().between(0, 60).map(days -> SearchFilter.between("seen", null,
                        NOW.minus(java.time.Duration.ofDays(days)))),
                point().flatMap(c -> Arbitraries.integers().between(1_000, 60_000)
                        .map(r -> SearchFilter.within("home", c, r))));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<SearchFilter> sub = filter(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, leaf),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(1).ofMaxSize(3)
                        .map(l -> SearchFilter.and(l.toArray(SearchFilter[]::new)))),
                net.jqwik.api.Tuple.of(1, sub.list().ofMinSize(1).ofMaxSize(3)
                        .map(l -> SearchFilter.or(l.toArray(SearchFilter[]::new)))),
                net.jqwik.api.Tuple.of(1, sub.map(SearchFilter::not)));
    }

}
