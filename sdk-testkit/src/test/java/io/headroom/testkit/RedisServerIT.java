package io.headroom.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RedisServerIT {

    @Test
    void startsAServerLettuceTalksToAndCloseKillsIt() throws Exception {
        long begin = System.nanoTime();
        RedisServer server = RedisServer.start();
        System.out.printf("standalone redis-server answered PING after %d ms%n",
                (System.nanoTime() - begin) / 1_000_000);
        int port = server.port();
        long pid = server.pid();
        try {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(serverDirs(port)).hasSize(1);
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                assertThat(redis.ping()).isEqualTo("PONG");
                redis.set("greeting", "hello");
                assertThat(redis.get("greeting")).isEqualTo("hello");
                assertThat(redis.configGet("save")).containsEntry("save", "");
                assertThat(redis.configGet("appendonly")).containsEntry("appendonly", "no");
                assertThat(redis.configGet("bind")).containsEntry("bind", "127.0.0.1");
                assertThat(redis.configGet("protected-mode")).containsEntry("protected-mode", "no");
                assertThat(redis.info("server")).contains("redis_version:");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            server.close();
        }

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("redis-server process %d", pid).isEmpty();
        assertThat(serverDirs(port)).as("temporary directory").isEmpty();
        server.close(); // idempotent
        assertThat(server).hasToString("RedisServer[redis://127.0.0.1:" + port + ", stopped]");
    }

    @Test
    void flushAllDeletesEveryKey() {
        try (RedisServer server = RedisServer.start()) {
            assertThat(server.call("SET", "a", "1")).isEqualTo("OK");
            assertThat(server.call("SELECT", "0")).isEqualTo("OK");
            assertThat(server.call("DBSIZE")).isEqualTo(1L);
            server.flushAll();
            assertThat(server.call("DBSIZE")).isEqualTo(0L);
        }
    }

    @Test
    void passesExtraArguments() {
        RedisServer.Options options = RedisServer.Options.defaults().withExtraArgs("--maxmemory", "12mb");
        try (RedisServer server = RedisServer.start(options)) {
            assertThat(server.call("CONFIG", "GET", "maxmemory")).isEqualTo(List.of("maxmemory", "12582912"));
        }
    }

    @Test
    void reportsTheServerOutputWhenItCannotStart() {
        RedisServer.Options options = RedisServer.Options.defaults().withExtraArgs("--no-such-directive", "x");
        assertThatThrownBy(() -> RedisServer.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-directive")
                .hasMessageContaining("FATAL CONFIG FILE ERROR");
    }

    @Test
    void sharedIsOneServerPerJvmThatCloseDoesNotStop() {
        RedisServer shared = RedisServer.shared();
        assertThat(RedisServer.shared()).isSameAs(shared);
        shared.close();
        shared.stop();
        assertThat(shared.isRunning()).isTrue();
        assertThat(shared.call("PING")).isEqualTo("PONG");
        assertThat(shared.toString()).contains("shared");
    }

    @Test
    void serversGetTheirOwnPorts() {
        try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(first.call("PING")).isEqualTo("PONG");
            assertThat(second.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void anOverrideThatNamesNoExecutableFailsClearly() {
        String before = System.setProperty(RedisBinary.PROPERTY, "/no/such/redis-server");
        try {
            assertThatThrownBy(RedisServer::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(RedisBinary.PROPERTY)
                    .hasMessageContaining("/no/such/redis-server");
        } finally {
            restore(before);
        }
    }

    @Test
    void embeddedChoosesTheBundledRedis62() {
        String before = System.setProperty(RedisBinary.PROPERTY, RedisBinary.EMBEDDED);
        try (RedisServer server = RedisServer.start()) {
            assertThat(version(server)).startsWith("6.2.");
        } finally {
            restore(before);
        }
    }

    // .ci/run runs the Redis tests a second time on Debian's 7.x and says which version it expects: prove it
    @Test
    void theServerIsTheVersionTheRunAskedFor() {
        String expected = System.getProperty("headroom.redis.expect-version");
        String actual = version(RedisServer.shared());
        System.out.println("redis-server " + actual + " (" + RedisBinary.resolve() + ")");
        if (expected != null && !expected.isBlank()) {
            assertThat(actual).startsWith(expected);
        }
    }

    private static String version(RedisServer server) {
        String info = String.valueOf(server.call("INFO", "server"));
        int at = info.indexOf("redis_version:");
        assertThat(at).isNotNegative();
        return info.substring(at + 14, info.indexOf('\r', at));
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(RedisBinary.PROPERTY);
        } else {
            System.setProperty(RedisBinary.PROPERTY, before);
        }
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> RedisServer.start(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("options");
        assertThatThrownBy(() -> new RedisServer.Options(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> RedisServer.Options.defaults().withExtraArgs("--a", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extraArgs");
        assertThat(RedisServer.Options.defaults().startupTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    private static List<Path> serverDirs(int port) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("headroom-redis-" + port + "-")).toList();
        }
    }

}
