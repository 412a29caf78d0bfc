package io.headroom.testkit;

import static io.headroom.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyIT {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(5);

    private static ClientResources resources;

    private FaultProxy proxy;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeAll
    static void createResources() {
        // reconnect quickly so outages end fast in the tests
        resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
    }

    @AfterAll
    static void shutdownResources() {
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    @BeforeEach
    void connectThroughProxy() {
        proxy = FaultProxy.start(RedisServer.shared());
        client = RedisClient.create(resources, proxy.uri());
        connection = client.connect();
        connection.setTimeout(LONG);
        redis = connection.sync();
        assertThat(redis.ping()).isEqualTo("PONG");
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        proxy.close();
    }

    @Test
    void forwardsToTheTarget() {
        assertThat(proxy.host()).isEqualTo("127.0.0.1");
        assertThat(proxy.uri()).isEqualTo("redis://127.0.0.1:" + proxy.port());
        assertThat(proxy.targetPort()).isEqualTo(RedisServer.shared().port());
        assertThat(proxy.isUp()).isTrue();
        assertThat(proxy.connectionCount()).isEqualTo(1);
        redis.set("proxy-it:k", "v");
        assertThat(RedisServer.shared().call("GET", "proxy-it:k")).isEqualTo("v");
    }

    @Test
    void latencyMakesShortTimeoutsFailUntilCleared() {
        proxy.latency(Duration.ofSeconds(2));
        connection.setTimeout(SHORT);
        assertThatThrownBy(redis::ping).isInstanceOf(RedisCommandTimeoutException.class);

        proxy.latency(Duration.ZERO);
        connection.setTimeout(LONG);
        assertThat(redis.ping()).isEqualTo("PONG");
        redis.set("proxy-it:latency", "1");
        assertThat(redis.get("proxy-it:latency")).isEqualTo("1");
    }

    @Test
    void blackholeHoldsTrafficUntilResumed() {
        proxy.blackhole();
        connection.setTimeout(SHORT);
        assertThatThrownBy(redis::ping).isInstanceOf(RedisCommandTimeoutException.class);
        assertThat(proxy.connectionCount()).as("the connection stays open").isEqualTo(1);

        proxy.resume();
        connection.setTimeout(LONG);
        assertThat(redis.ping()).isEqualTo("PONG");
        redis.set("proxy-it:blackhole", "2");
        assertThat(redis.get("proxy-it:blackhole")).as("replies stay in step").isEqualTo("2");
    }

    @Test
    void downRefusesConnectsAndUpLetsLettuceReconnect() throws Exception {
        long idBefore = redis.clientId();
        proxy.down();
        assertThat(proxy.isUp()).isFalse();
        assertThat(proxy.connectionCount()).isZero();
        assertThatThrownBy(() -> new Socket("127.0.0.1", proxy.port()).close()).isInstanceOf(ConnectException.class);
        connection.setTimeout(SHORT);
        assertThatThrownBy(redis::ping).isInstanceOf(RedisException.class);

        proxy.up();
        connection.setTimeout(LONG);
        assertThat(redis.ping()).isEqualTo("PONG");
        assertThat(redis.clientId()).as("a new server-side connection").isNotEqualTo(idBefore);
        eventually(LONG, () -> assertThat(proxy.connectionCount()).isEqualTo(1));
    }

    @Test
    void resetConnectionsMakesLettuceReconnect() throws Exception {
        RedisClient second = RedisClient.create(resources, proxy.uri());
        try (StatefulRedisConnection<String, String> other = second.connect()) {
            other.setTimeout(LONG);
            assertThat(other.sync().ping()).isEqualTo("PONG");
            assertThat(proxy.connectionCount()).isEqualTo(2);
            long idBefore = redis.clientId();
            long otherIdBefore = other.sync().clientId();

            proxy.resetConnections();

            // a command in flight when the RST arrives fails (Lettuce reports the reset); later ones succeed
            eventually(LONG, () -> assertThat(redis.ping()).isEqualTo("PONG"));
            eventually(LONG, () -> assertThat(other.sync().ping()).isEqualTo("PONG"));
            assertThat(redis.clientId()).isNotEqualTo(idBefore);
            assertThat(other.sync().clientId()).isNotEqualTo(otherIdBefore);
            eventually(LONG, () -> assertThat(proxy.connectionCount()).isEqualTo(2));
            assertThat(proxy.isUp()).isTrue();
        } finally {
            second.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void healClearsEveryFault() {
        proxy.latency(Duration.ofSeconds(10));
        proxy.blackhole();
        proxy.down();
        proxy.heal();
        assertThat(proxy.isUp()).isTrue();
        assertThat(proxy.toString()).doesNotContain("latency", "blackholed", "down");
        assertThat(redis.ping()).isEqualTo("PONG");
    }

    @Test
    void closeStopsListeningAndEveryThread() throws Exception {
        int port = proxy.port();
        proxy.close();
        proxy.close(); // idempotent
        assertThat(proxy.isUp()).isFalse();
        assertThat(proxy.connectionCount()).isZero();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        eventually(LONG, () -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("headroom-fault-proxy-" + port + "-")));
        assertThatThrownBy(proxy::up).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> FaultProxy.start(" ", 6379)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetHost");
        assertThatThrownBy(() -> FaultProxy.start("127.0.0.1", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetPort");
        assertThatThrownBy(() -> FaultProxy.start((RedisServer) null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target");
        assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency");
    }
}
