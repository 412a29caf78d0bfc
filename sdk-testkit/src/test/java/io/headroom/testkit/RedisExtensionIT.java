package io.headroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@WithRedis
class RedisExtensionIT {

    private static final List<FaultProxy> PROXIES = new CopyOnWriteArrayList<>();
    private static final List<ManualTicker> TICKERS = new CopyOnWriteArrayList<>();

    private final RedisServer constructorServer;

    RedisExtensionIT(RedisServer server, FaultProxy constructorProxy) {
        this.constructorServer = server;
        PROXIES.add(constructorProxy);
    }

    @Test
    void injectsTheSharedServer(RedisServer server) {
        assertThat(server).isSameAs(RedisServer.shared()).isSameAs(constructorServer);
        assertThat(server.isRunning()).isTrue();
    }

    @Test
    void injectsAFreshProxyInFrontOfTheSharedServer(FaultProxy proxy, RedisServer server) {
        PROXIES.add(proxy);
        assertThat(proxy.targetPort()).isEqualTo(server.port());
        assertThat(proxy.isUp()).isTrue();
        RedisClient client = RedisClient.create(proxy.uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void injectsAnotherProxyIntoAnotherTest(FaultProxy proxy) {
        PROXIES.add(proxy);
        assertThat(PROXIES).doesNotHaveDuplicates();
        assertThat(proxy.isUp()).isTrue();
    }

    @Test
    void injectsFreshTickers(ManualTicker first, ManualTicker second) {
        TICKERS.add(first);
        TICKERS.add(second);
        assertThat(first).isNotSameAs(second);
        assertThat(first.read()).isZero();
        assertThat(second.read()).isZero();
        first.advance(5);
        assertThat(second.read()).isZero();
    }

    @Test
    void injectsTheSharedClusterOnDemand(RedisCluster cluster) {
        assertThat(cluster).isSameAs(RedisCluster.shared());
        assertThat(cluster.isRunning()).isTrue();
        assertThat(cluster.uris()).hasSize(3);
    }

    @AfterAll
    static void everyProxyWasClosedAfterItsTest() {
        // 5 constructor proxies (one per test instance) + 2 method proxies
        assertThat(PROXIES).hasSize(7).doesNotHaveDuplicates();
        for (FaultProxy proxy : PROXIES) {
            assertThat(proxy.isUp()).as("%s", proxy).isFalse();
            assertThatThrownBy(() -> proxy.up()).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> new Socket("127.0.0.1", proxy.port()).close())
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(TICKERS).hasSize(2);
    }
}
