package io.headroom.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headroom.page.CursorKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SearchConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SearchConfig c = SearchConfig.ofDefaults();
        assertThat(c.name()).isEqualTo("default");
        assertThat(c.defaultPageSize()).isEqualTo(20);
        assertThat(c.maxPageSize()).isEqualTo(100);
        assertThat(c.schema()).isEqualTo(SearchSchema.ofDefaults());
        assertThat(c.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.cursorKeys().currentId()).isEqualTo("local");
        assertThat(c.cursorTtl()).isNull();
        assertThat(c.outagePolicy()).isEqualTo(SearchOutagePolicy.FAIL_FAST);
        assertThat(SearchConfig.ofDefaults().cursorKeys()).isNotSameAs(c.cursorKeys()); // random per config
    }

    @Test
    void toBuilderKeepsEverySettingAndTheKeys() {
        CursorKeys keys = CursorKeys.random();
        SearchConfig c = SearchConfig.named("people").defaultPageSize(5).maxPageSize(50)
                .schema(SearchSchema.builder().text("name", 2).build()).readTimeout(Duration.ofMillis(300)).writeTimeout(Duration.ofSeconds(3))
                .cursorKeys(keys).cursorTtl(Duration.ofHours(1)).outagePolicy(SearchOutagePolicy.FAIL_FAST).build();
        SearchConfig copy = c.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(c.toString());
        assertThat(copy.cursorKeys()).isSameAs(keys);
        assertThat(c.toString()).contains("people").doesNotContain("secret");
    }

    @Test
    void buildNamesTheSettingAndTheRule() {
        bad(SearchConfig.named("People"), "name", "[a-z0-9_.-]");
        bad(SearchConfig.named("-x"), "name", "starting with a letter or digit");
        bad(SearchConfig.named("a".repeat(65)), "name", "64");
        bad(SearchConfig.builder().name(null), "name", "null");
        bad(SearchConfig.builder().maxPageSize(0), "maxPageSize", "between 1 and 100");
        bad(SearchConfig.builder().maxPageSize(101), "maxPageSize", "between 1 and 100");
        bad(SearchConfig.builder().maxPageSize(10).defaultPageSize(11), "defaultPageSize", "at most maxPageSize");
        bad(SearchConfig.builder().schema(null), "schema", "null");
        bad(SearchConfig.builder().readTimeout(Duration.ZERO), "readTimeout", "positive");
        bad(SearchConfig.builder().readTimeout(null), "readTimeout", "positive");
        bad(SearchConfig.builder().writeTimeout(Duration.ofMinutes(6)), "writeTimeout", "at most PT5M");
        bad(SearchConfig.builder().cursorTtl(Duration.ofSeconds(-1)), "cursorTtl", "positive");
        bad(SearchConfig.builder().cursorTtl(Duration.ofDays(367)), "cursorTtl", "at most 366 days");
        bad(SearchConfig.builder().outagePolicy(null), "outagePolicy", "null");
        assertThat(SearchConfig.named("a.b_c-9").build().name()).isEqualTo("a.b_c-9");
    }

    private static void bad(SearchConfig.Builder b, String setting, String rule) {
        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(setting)
                .hasMessageContaining(rule);
    }
}
