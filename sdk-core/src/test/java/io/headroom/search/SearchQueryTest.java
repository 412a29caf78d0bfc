package io.headroom.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

    @Test
    void unsetSettingsAreLeftToTheIndex() {
        SearchQuery q = SearchQuery.builder().build();
        assertThat(q.fuzziness()).isEmpty();
        assertThat(q.prefixLength()).isEmpty();
        assertThat(q.pageSize()).isEmpty();
        assertThat(q.recencyOriginMillis()).isEmpty();
        SearchQuery set = SearchQuery.builder().fuzziness(1).prefixLength(0).pageSize(7)
                .recency(42L, Duration.ofHours(1), 1f).build();
        assertThat(set.fuzziness()).hasValue(1);
        assertThat(set.prefixLength()).hasValue(0);
        assertThat(set.pageSize()).hasValue(7);
        assertThat(set.recencyOriginMillis()).hasValue(42L);
        assertThat(SearchQuery.builder().recency(Duration.ofHours(1), 1f).build().recencyOriginMillis()).isEmpty();
    }

    /** Field values cannot imitate the fingerprint's separators, so no two different queries share one. */
    @Test
    void fingerprintsAreUnambiguous() {
        SearchQuery oneFilter = SearchQuery.builder().filter("a", "b, c=d").build();
        SearchQuery twoFilters = SearchQuery.builder().filter("a", "b").filter("c", "d").build();
        assertThat(oneFilter.fingerprint()).isNotEqualTo(twoFilters.fingerprint());
        SearchQuery pipes = SearchQuery.builder().text("x|1").build();
        SearchQuery plain = SearchQuery.builder().text("x").fuzziness(1).build();
        assertThat(pipes.fingerprint()).isNotEqualTo(plain.fingerprint());
        assertThat(SearchQuery.builder().recency(Duration.ofHours(1), 1f).build().fingerprint())
                .isNotEqualTo(SearchQuery.builder().recency(0L, Duration.ofHours(1), 1f).build().fingerprint());
        SearchQuery base = SearchQuery.builder().text("x").pageSize(3).build();
        assertThat(base.toBuilder().pageSize(9).after("c").build().fingerprint()).isEqualTo(base.fingerprint());
    }

    @Test
    void aCursorTooLongForTheCodecIsRefused() {
        assertThatThrownBy(() -> SearchQuery.builder().after("x".repeat(4097)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor")
                .hasMessageContaining("4096");
        assertThat(SearchQuery.builder().after("x".repeat(4096)).build().cursor()).hasSize(4096);
    }
}
