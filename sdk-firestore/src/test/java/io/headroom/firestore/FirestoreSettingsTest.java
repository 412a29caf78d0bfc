package io.headroom.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FirestoreSettingsTest {

    @Test
    void defaults() {
        FirestoreSettings s = FirestoreSettings.defaults();
        assertThat(s.collectionPrefix()).isEqualTo("headroom_");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.collection("counters")).isEqualTo("headroom_counters");
        assertThat(s.newGuard("g").timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.circuitBreakerConfig()).isNotNull();
        assertThat(s.counterReadMode()).isEqualTo(FirestoreSettings.CounterReadMode.AGGREGATION);
        assertThat(s.counterTokenRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(s.toString()).contains("headroom_").contains("PT2S").contains("AGGREGATION");
    }

    @Test
    void validationNamesTheSettingAndTheRule() {
        assertThatThrownBy(() -> FirestoreSettings.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> FirestoreSettings.builder().timeout(Duration.ofMinutes(2)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be at most");
        assertThatThrownBy(() -> FirestoreSettings.builder().timeout(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> FirestoreSettings.builder().collectionPrefix("a/b").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collectionPrefix");
        assertThatThrownBy(() -> FirestoreSettings.builder().collectionPrefix("__x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collectionPrefix");
        assertThatThrownBy(() -> FirestoreSettings.builder().collectionPrefix("x".repeat(101)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> FirestoreSettings.builder().collectionPrefix(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collectionPrefix");
        assertThatThrownBy(() -> FirestoreSettings.builder().circuitBreakerConfig(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("circuitBreakerConfig");
        assertThatThrownBy(() -> FirestoreSettings.defaults().collection("a/b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> FirestoreSettings.defaults().collection(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThat(FirestoreSettings.builder().collectionPrefix("").build().collection("c")).isEqualTo("c");
        assertThatThrownBy(() -> FirestoreSettings.builder().counterReadMode(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counterReadMode");
        assertThatThrownBy(() -> FirestoreSettings.builder().counterTokenRetention(Duration.ofSeconds(59)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counterTokenRetention must be at least PT1M");
        assertThatThrownBy(() -> FirestoreSettings.builder().counterTokenRetention(null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counterTokenRetention");
    }
}
