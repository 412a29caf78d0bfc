package io.headroom.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaginatorConfigTest {

    @Test
    void outagePolicyIsFailFastByDefaultAndSurvivesToBuilder() {
        PaginatorConfig c = PaginatorConfig.ofDefaults();
        assertThat(c.outagePolicy()).isEqualTo(PageOutagePolicy.FAIL_FAST);
        PaginatorConfig named = c.toBuilder().name("feed").outagePolicy(PageOutagePolicy.FAIL_FAST).build();
        assertThat(named.toBuilder().build().outagePolicy()).isEqualTo(PageOutagePolicy.FAIL_FAST);
        assertThat(named.toString()).contains("outagePolicy=FAIL_FAST");
        assertThatThrownBy(() -> PaginatorConfig.builder().outagePolicy(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outagePolicy must not be null");
    }

    @Test
    void inMemoryPaginatorsOverOneStoreSeeTheSameItemsWithTheirOwnConfig() {
        InMemoryPageStore<PaginatorMetricsTest.Item> store = InMemoryPageStore.create(PaginatorMetricsTest.FIELDS);
        Paginator<PaginatorMetricsTest.Item> small = Paginator.inMemory(PaginatorConfig.builder().name("a")
                .maxPageSize(2).defaultPageSize(2).build(), store);
        Paginator<PaginatorMetricsTest.Item> large = Paginator.inMemory(PaginatorConfig.builder().name("b").build(),
                store);
        store.put(new PaginatorMetricsTest.Item("x", 1));
        PageRequest three = PageRequest.builder(Sort.by(SortKey.asc("score"))).size(3).build();
        assertThat(large.page(three).items()).hasSize(1);
        assertThatThrownBy(() -> small.page(three)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPageSize of paginator 'a'");
        assertThat(store.toString()).contains("1 items");
        assertThatThrownBy(() -> Paginator.inMemory(PaginatorConfig.ofDefaults(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("store must not be null");
        assertThatThrownBy(() -> InMemoryPageStore.create(null)).hasMessageContaining("fields must not be null");
    }
}
