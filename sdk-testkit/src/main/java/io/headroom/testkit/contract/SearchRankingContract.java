package io.headroom.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.search.GeoPoint;
import io.headroom.search.Ranking;
import io.headroom.search.SearchDocument;
import io.headroom.search.SearchHit;
import io.headroom.search.SearchQuery;
import io.headroom.search.SearchSort;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The ranking and order part of the search contract: the {@link Ranking} score and top-k order, field and distance
 * sorts, compared with {@link SearchModel}.
 */
public abstract class SearchRankingContract extends SearchMatchingContract {

    /** Creates the contract. */
    protected SearchRankingContract() {
    }

    /** For random documents and rankings, the top 10 are the model's, ties aside, with the model's scores. */
    @Property(tries = 40)
    void rankingMatchesTheModel(@ForAll("docs") List<SearchDocument> docs, @ForAll("seeds") long seed) {
        Random rnd = new Random(seed);
        SearchQuery.Builder b = rnd.nextBoolean() ? randomTextQuery(docs, rnd) : SearchQuery.builder();
        Ranking.Builder r = Ranking.builder().text(rnd.nextInt(3));
        if (rnd.nextBoolean()) {
            r.sharedInterests("interests", INTERESTS.subList(0, 1 + rnd.nextInt(4)), 0.5f + rnd.nextInt(3));
        }
        if (rnd.nextBoolean()) {
            r.distance("home", GeoPoint.of(48.85, 2.35), 1_000 + rnd.nextInt(20_000), 1 + rnd.nextInt(3));
        }
        if (rnd.nextBoolean()) {
            r.recency("seen", NOW, Duration.ofDays(1 + rnd.nextInt(14)), 1 + rnd.nextInt(3));
        }
        SearchQuery q = b.ranking(r.build()).pageSize(10).build();
        withIndex(index -> {
            load(index, docs);
            assertRankedLikeTheModel(index.search(q).hits(), new SearchModel(SCHEMA, 0).search(docs, q), 10, q);
        });
    }

    /** Shared interests, distance and recency each move a document up, by the spec's formulas. */
    @Example
    void eachFeatureRanksByItsFormula() {
        GeoPoint here = GeoPoint.of(48.85, 2.35);
        withIndex(index -> {
            load(index, List.of(
                    SearchDocument.builder("near").text("name", "ann").geoPoint("home", GeoPoint.of(48.851, 2.35))
                            .build(),
                    SearchDocument.builder("far").text("name", "ann").geoPoint("home", GeoPoint.of(48.95, 2.35))
                            .keyword("interests", "jazz", "chess").date("seen", NOW).build(),
                    SearchDocument.builder("none").text("name", "ann").build()));
            List<SearchHit> byDistance = index.search(SearchQuery.builder().text("ann")
                    .ranking(Ranking.builder().distance("home", here, 1_000, 2).build()).build()).hits();
            assertThat(byDistance).extracting(SearchHit::id).containsExactly("near", "far", "none");
            double d = SearchModel.haversine(here, GeoPoint.of(48.851, 2.35));
            assertScoreClose(byDistance.get(0), 3 + 2 * 1_000 / (1_000 + d));
            assertScoreClose(byDistance.get(2), 3);
            assertThat(index.search(SearchQuery.builder().text("ann").ranking(Ranking.builder()
                    .sharedInterests("interests", List.of("jazz", "chess", "golf"), 1).build()).build()).hits().get(0))
                    .satisfies(h -> assertScoreClose(h, 5)).extracting(SearchHit::id).isEqualTo("far");
            assertThat(index.search(SearchQuery.builder().text("ann").ranking(Ranking.builder()
                    .recency("seen", NOW.plus(Duration.ofDays(1)), Duration.ofDays(1), 4).build()).build()).hits()
                    .get(0)).satisfies(h -> assertScoreClose(h, 5)).extracting(SearchHit::id).isEqualTo("far");
        });
    }

    /** A field or distance sort walks the documents in the model's order, missing values last. */
    @Property(tries = 30)
    void sortsMatchTheModel(@ForAll("docs") List<SearchDocument> docs, @ForAll("seeds") long seed) {
        Random rnd = new Random(seed);
        SearchSort sort = switch (rnd.nextInt(4)) {
            case 0 -> SearchSort.byField("age", rnd.nextBoolean());
            case 1 -> SearchSort.byField("seen", rnd.nextBoolean());
            case 2 -> SearchSort.byField("city", rnd.nextBoolean());
            default -> SearchSort.byDistance("home", GeoPoint.of(48.85, 2.35));
        };
        SearchQuery q = SearchQuery.builder().sort(sort).pageSize(1 + rnd.nextInt(7)).build();
        withIndex(index -> {
            load(index, docs);
            List<String> model = new SearchModel(SCHEMA, 0).search(docs, q).stream().map(SearchModel.Hit::id)
                    .toList();
            assertThat(walk(index, q)).extracting(SearchHit::id).as("%s", sort).containsExactlyElementsOf(model);
        });
    }
}
