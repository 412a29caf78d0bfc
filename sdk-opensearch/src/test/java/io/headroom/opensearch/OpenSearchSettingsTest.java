package io.headroom.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenSearchSettingsTest {

    @Test
    void defaultsAreDocumented() {
        OpenSearchSettings s = OpenSearchSettings.defaults();
        assertThat(s.hosts()).hasSize(1).first().hasToString("http://127.0.0.1:9200");
        assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxAttempts()).isEqualTo(3);
        assertThat(s.bulkSize()).isEqualTo(1_000);
        assertThat(s.refreshPolicy()).isEqualTo(OpenSearchRefreshPolicy.NONE);
        assertThat(s.indexPrefix()).isEmpty();
        assertThat(s.numberOfShards()).isEqualTo(1);
        assertThat(s.numberOfReplicas()).isEqualTo(1);
        assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
    }

    @Test
    void badSettingsNameTheSettingAndTheRule() {
        assertThatThrownBy(() -> OpenSearchSettings.builder().hosts().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts");
        assertThatThrownBy(() -> OpenSearchSettings.builder().hosts("ftp://x:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hosts");
        assertThatThrownBy(() -> OpenSearchSettings.builder().hosts("http://x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> OpenSearchSettings.builder().callTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> OpenSearchSettings.builder().callTimeout(Duration.ofMinutes(2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> OpenSearchSettings.builder().maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> OpenSearchSettings.builder().bulkSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bulkSize");
        assertThatThrownBy(() -> OpenSearchSettings.builder().indexPrefix("Bad Prefix").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indexPrefix");
        assertThatThrownBy(() -> OpenSearchSettings.builder().numberOfShards(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numberOfShards");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        assertThat(OpenSearchSettings.builder().credentials("svc", "s3cret").build().toString())
                .contains("svc").doesNotContain("s3cret");
    }
}
