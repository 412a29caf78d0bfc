package io.headroom.benchmarks.search;

import io.headroom.search.DocumentMapper;
import io.headroom.search.FieldOption;
import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SearchConfig;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchFilter;
import io.headroom.search.SearchIndex;
import io.headroom.search.SearchPage;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSchema;
import io.headroom.search.TypoTolerance;
import io.headroom.search.lucene.LuceneSearchIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of a people-discovery query (fuzzy name, 10 km radius, interest boost, top 20) on 10,000 profiles:
 * the embedded Lucene index vs the peer a team would write without a search engine, a linear scan with
 * Levenshtein distance and haversine over the same in-memory list.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchQueryBenchmark {

    private static final String[] NAMES = {"jon", "john", "joan", "maria", "mario", "anna", "hannah", "pierre",
        "peter", "lucas", "lukas", "sofia", "sophia", "emma", "emil", "noah", "nora", "liam", "leon", "mila"};
    private static final String[] TAGS = {"jazz", "hiking", "chess", "rust", "golf", "opera", "running", "cooking"};
    private static final GeoPoint ME = GeoPoint.of(48.8566, 2.3522);

    private SearchIndex<SearchDocument> index;
    private List<SearchDocument> docs;
    private SearchQuery query;

    /** Builds 10,000 profiles within ~100 km of Paris. */
    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        docs = new ArrayList<>();
        SearchSchema schema = SearchSchema.builder().text("name", 1).keyword("interests", FieldOption.FACETABLE)
                .geoPoint("home").build();
        index = LuceneSearchIndex.inMemory(SearchConfig.named("bench").schema(schema).build(),
                DocumentMapper.identity());
        for (int i = 0; i < 10_000; i++) {
            Set<String> tags = Set.of(TAGS[rnd.nextInt(4)], TAGS[4 + rnd.nextInt(4)]);
            SearchDocument d = SearchDocument.builder("u" + i)
                    .text("name", NAMES[rnd.nextInt(NAMES.length)] + " " + NAMES[rnd.nextInt(NAMES.length)])
                    .geoPoint("home", GeoPoint.of(48.8566 + (rnd.nextDouble() - 0.5),
                            2.3522 + (rnd.nextDouble() - 0.5) * 1.5))
                    .keywords("interests", tags).build();
            docs.add(d);
            index.upsert(d);
        }
        index.refresh();
        // the same question as before issue 12 (two typos on "jon"), which now has to be asked explicitly: the
        // default typo tolerance allows none under 4 characters
        query = SearchQuery.builder().text("jon").typoTolerance(new TypoTolerance(1, 1, 1))
                .filter(SearchFilter.within("home", ME, 10_000))
                .ranking(Ranking.builder().sharedInterests("interests", List.of("jazz", "hiking"), 1).build())
                .pageSize(20).build();
    }

    /** Closes the index. */
    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
    }

    /**
     * Lucene: FuzzyQuery + LatLonPoint distance filter + interest boosts, top 20.
     *
     * @return the page
     */
    @Benchmark
    public SearchPage lucene() {
        return index.search(query);
    }

    /**
     * Peer: linear scan, Levenshtein ≤ 2 on each name token, haversine ≤ 10 km, score by overlap, top 20.
     *
     * @return the top ids
     */
    @Benchmark
    public List<String> linearScan() {
        List<SearchDocument> hits = new ArrayList<>();
        for (SearchDocument d : docs) {
            GeoPoint p = d.geoPoints().get("home");
            if (p == null || haversine(ME, p) > 10_000) {
                continue;
            }
            boolean match = false;
            for (String token : d.text().get("name").split(" ")) {
                if (levenshtein("jon", token) <= 2) {
                    match = true;
                    break;
                }
            }
            if (match) {
                hits.add(d);
            }
        }
        hits.sort(Comparator.comparingInt((SearchDocument d) -> -overlap(d)).thenComparing(SearchDocument::id));
        return hits.stream().limit(20).map(SearchDocument::id).toList();
    }

    private static int overlap(SearchDocument d) {
        int n = 0;
        for (String t : d.keywords().getOrDefault("interests", Set.of())) {
            if (t.equals("jazz") || t.equals("hiking")) {
                n++;
            }
        }
        return n;
    }

    private static double haversine(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * 6_371_008.7714 * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
