package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisOptionsTest {

    @Test
    void aPrefixWithBracesWouldBeEveryKeysHashTagAndIsRefused() {
        assertThatThrownBy(() -> RedisOptions.builder().keyPrefix("app{1}:").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyPrefix must not contain '{'");
        assertThatThrownBy(() -> RedisOptions.builder().keyPrefix("app\uD800:").build())
                .hasMessageContaining("keyPrefix must be well-formed UTF-16");
        assertThat(RedisOptions.builder().keyPrefix("").build().keyPrefix()).isEmpty();
    }

    @Test
    void replicaAcksAreValidatedAndMustFitInTheCallTimeout() {
        assertThat(RedisOptions.defaults().replicaAcks()).isNull();
        ReplicaAcks acks = ReplicaAcks.of(1, Duration.ofMillis(200));
        assertThat(acks.onShortfall()).isEqualTo(ReplicaShortfallPolicy.RETRY);
        assertThat(RedisOptions.builder().timeout(Duration.ofSeconds(1)).replicaAcks(acks).build().replicaAcks())
                .isEqualTo(acks);
        assertThatThrownBy(() -> RedisOptions.builder().replicaAcks(acks).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replicaAcks.timeout must be shorter than timeout");
        assertThatThrownBy(() -> ReplicaAcks.of(0, Duration.ofMillis(10))).hasMessageContaining("replicas must be between 1 and 16");
        assertThatThrownBy(() -> ReplicaAcks.of(1, Duration.ofSeconds(11))).hasMessageContaining("timeout must be between");
        assertThatThrownBy(() -> ReplicaAcks.of(1, Duration.ZERO)).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> new ReplicaAcks(1, Duration.ofMillis(5), null)).hasMessageContaining("onShortfall");
    }

    @Test
    void clusterClientOptionsRefreshTheTopologyWithinSeconds() {
        var refresh = RedisBackend.clusterClientOptions().getTopologyRefreshOptions();
        assertThat(refresh.getAdaptiveRefreshTriggers()).hasSize(5);
        assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
        assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
    }
}
