package io.headroom.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    private static final SearchSchema SCHEMA = SearchSchema.builder().text("name", 3).text("bio", 1)
            .keyword("city", FieldOption.FACETABLE, FieldOption.SORTABLE).keyword("tags")
            .number("age", FieldOption.SORTABLE).date("seen").geoPoint("home").build();

    @Test
    void defaultsAreTheDocumentedOnes() {
        SearchQuery q = SearchQuery.builder().build();
        assertThat(q.text()).isNull();
        assertThat(q.typoTolerance()).isEqualTo(new TypoTolerance(4, 8, 1));
        assertThat(q.asYouType()).isFalse();
        assertThat(q.phraseBoost()).isEqualTo(1f);
        assertThat(q.ranking()).isEqualTo(Ranking.ofDefaults());
        assertThat(q.sort()).isEqualTo(SearchSort.relevance());
        assertThat(q.pageSize()).isEmpty();
        assertThat(q.facetSize()).isEqualTo(10);
        assertThat(q.features()).isEmpty();
    }

    @Test
    void typoToleranceCountsByWordLength() {
        TypoTolerance t = TypoTolerance.ofDefaults();
        assertThat(List.of(1, 3, 4, 7, 8, 20).stream().map(t::maxTypos)).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(TypoTolerance.NONE.maxTypos(100)).isZero();
        assertThatThrownBy(() -> new TypoTolerance(5, 4, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("oneTypoMinLength <= twoTyposMinLength");
    }

    /** Field values cannot imitate the fingerprint's separators, so no two different queries share one. */
    @Test
    void fingerprintsAreUnambiguous() {
        SearchQuery oneFilter = SearchQuery.builder().filter(SearchFilter.anyOf("a", "b|c")).build();
        SearchQuery twoFilters = SearchQuery.builder().filter(SearchFilter.anyOf("a", "b", "c")).build();
        assertThat(oneFilter.fingerprint()).isNotEqualTo(twoFilters.fingerprint());
        SearchQuery pipes = SearchQuery.builder().text("x|1").build();
        SearchQuery plain = SearchQuery.builder().text("x").asYouType(true).build();
        assertThat(pipes.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(SearchQuery.builder().ranking(Ranking.builder().recency("seen", Duration.ofHours(1), 1).build())
                .build().fingerprint()).isNotEqualTo(SearchQuery.builder().ranking(Ranking.builder()
                .recency("seen", Instant.EPOCH, Duration.ofHours(1), 1).build()).build().fingerprint());
        SearchQuery base = SearchQuery.builder().text("x").pageSize(3).build();
        assertThat(base.toBuilder().pageSize(9).after("c").build().fingerprint()).isEqualTo(base.fingerprint());
        assertThat(SearchQuery.builder().sort(SearchSort.byField("age", true)).build().fingerprint())
                .isNotEqualTo(SearchQuery.builder().sort(SearchSort.byField("age", false)).build().fingerprint());
    }

    @Test
    void featuresNameWhatTheQueryNeeds() {
        SearchQuery q = SearchQuery.builder().text("zoe").asYouType(true)
                .filter(SearchFilter.or(SearchFilter.anyOf("city", "paris"), SearchFilter.range("age", 18L, null)))
                .ranking(Ranking.builder().sharedInterests("tags", Set.of("jazz"), 1)
                        .distance("home", GeoPoint.of(1, 2), 1000, 1).build())
                .facets("city").sort(SearchSort.byField("age", false)).build();
        assertThat(q.features()).containsExactlyInAnyOrder(SearchFeature.TEXT, SearchFeature.TYPO_TOLERANCE,
                SearchFeature.AS_YOU_TYPE, SearchFeature.PHRASE_BOOST, SearchFeature.BOOLEAN_FILTER,
                SearchFeature.KEYWORD_FILTER, SearchFeature.RANGE_FILTER, SearchFeature.SHARED_INTERESTS,
                SearchFeature.DISTANCE_DECAY, SearchFeature.FACETS, SearchFeature.FIELD_SORT);
    }

    @Test
    void theSchemaNamesTheFieldAndTheRule() {
        bad(SearchQuery.builder().filter(SearchFilter.anyOf("nope", "x")), "unknown field 'nope'");
        bad(SearchQuery.builder().filter(SearchFilter.anyOf("age", "x")), "field 'age' is NUMBER, must be KEYWORD");
        bad(SearchQuery.builder().filter(SearchFilter.range("seen", 1L, 2L)), "must be NUMBER");
        bad(SearchQuery.builder().filter(SearchFilter.not(SearchFilter.within("city", GeoPoint.of(0, 0), 5))),
                "must be GEO_POINT");
        bad(SearchQuery.builder().facets("tags"), "'tags' is not FACETABLE");
        bad(SearchQuery.builder().sort(SearchSort.byField("seen", false)), "'seen' is not SORTABLE");
        bad(SearchQuery.builder().ranking(Ranking.builder().recency("age", Duration.ofDays(1), 1).build()),
                "must be DATE");
        assertThat(SCHEMA.validate(SearchQuery.builder().text("x").facets("city").build())).isNotNull();
        assertThatThrownBy(() -> SearchQuery.builder().text("  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> GeoPoint.of(91, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lat must be between -90 and 90");
    }

    @Test
    void documentsAreCheckedAgainstTheSchema() {
        assertThatThrownBy(() -> SCHEMA.validate(SearchDocument.builder("u1").text("nick", "x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'nick'");
        assertThatThrownBy(() -> SCHEMA.validate(SearchDocument.builder("u1").number("city", 3).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("field 'city' is KEYWORD");
        assertThatThrownBy(() -> SearchSchema.builder().geoPoint("a").geoPoint("b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most one geo point");
        assertThat(SCHEMA.validate(SearchDocument.builder("u1").text("name", "Zoë").keyword("city", "paris")
                .number("age", 3).date("seen", Instant.EPOCH).geoPoint("home", GeoPoint.of(1, 1)).build()).id())
                .isEqualTo("u1");
    }

    @Test
    void aCursorTooLongForTheCodecIsRefused() {
        assertThatThrownBy(() -> SearchQuery.builder().after("x".repeat(4097)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor")
                .hasMessageContaining("4096");
        assertThat(SearchQuery.builder().after("x".repeat(4096)).build().cursor()).hasSize(4096);
    }

    private static void bad(SearchQuery.Builder b, String message) {
        assertThatThrownBy(() -> SCHEMA.validate(b.build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
