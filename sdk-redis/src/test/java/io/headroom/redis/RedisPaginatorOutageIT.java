package io.headroom.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.page.Page;
import io.headroom.page.PageOutagePolicy;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.PaginatorMetrics;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.RedisServer;
import io.headroom.testkit.contract.PageItem;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paginator's outage policy (fail fast) against a real redis-server behind the fault-injecting proxy: a slow
 * or dead Redis fails a page with {@link BackendUnavailableException} within the timeout, the breaker opens, and
 * paging resumes by itself, with cursors issued before the outage still valid.
 */
class RedisPaginatorOutageIT {

    private FaultProxy proxy;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisPaginator<PageItem> items;

    @BeforeEach
    void connect() {
        proxy = FaultProxy.start(RedisServer.shared());
        client = RedisClient.create(RedisURI.create(proxy.uri()));
        client.setOptions(ClientOptions.builder().autoReconnect(true).build());
        connection = client.connect();
        items = RedisPaginator.builder(RedisBackend.of(connection), PageItem.FIELDS)
                .scoreField("score").partitionBy("group")
                .codec(ContractPaginators::encode, ContractPaginators::decode)
                .config(PaginatorConfig.builder().name("outage").build())
                .options(RedisOptions.builder().keyPrefix("outage:" + UUID.randomUUID() + ":")
                        .timeout(Duration.ofMillis(300)).build())
                .build();
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
        proxy.close();
    }

    @Test
    void slowOrDeadRedisFailsFastAndPagingResumesWithOldCursors() throws Exception {
        for (int i = 0; i < 10; i++) {
            items.put(new PageItem("o" + i, i, "a"));
        }
        PageRequest first = PageRequest.builder(Sort.by(SortKey.asc("score"))).filter("group", "a").size(4).build();
        Page<PageItem> one = items.page(first);

        proxy.latency(Duration.ofSeconds(2));
        assertThatThrownBy(() -> items.page(first.next(one)))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("paginator 'outage'").hasMessageContaining("Redis");
        proxy.heal();
        proxy.down();
        for (int i = 0; i < 15; i++) {
            assertThatThrownBy(() -> items.page(first.next(one))).isInstanceOf(BackendUnavailableException.class);
            assertThatThrownBy(() -> items.put(new PageItem("x", 1, "a")))
                    .isInstanceOf(BackendUnavailableException.class);
        }
        assertThat(items.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        proxy.up();
        Instant deadline = Instant.now().plusSeconds(20);
        Page<PageItem> two = null;
        while (two == null) {
            try {
                two = items.page(first.next(one));
            } catch (BackendUnavailableException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("paging did not resume within 20 s", e);
                }
                Thread.sleep(100);
            }
        }
        assertThat(two.items()).extracting(PageItem::id).containsExactly("o4", "o5", "o6", "o7");
    }

    @Test
    void metricsCountPagesAndTimeEveryRedisCall() {
        assertThat(items.config().outagePolicy()).isEqualTo(PageOutagePolicy.FAIL_FAST);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Paginator<PageItem> metered = PaginatorMetrics.bind(items, registry);
        for (int i = 0; i < 3; i++) {
            items.put(new PageItem("m" + i, i, "a"));
        }
        PageRequest first = PageRequest.builder(Sort.by(SortKey.asc("score"))).filter("group", "a").size(2).build();
        Page<PageItem> one = metered.page(first);
        metered.page(first.next(one));
        proxy.down();
        assertThatThrownBy(() -> metered.page(first)).isInstanceOf(BackendUnavailableException.class);
        assertThat(registry.get("headroom.page.pages").tag("paginator", "outage").counter().count()).isEqualTo(2);
        assertThat(registry.get("headroom.page.items").tag("paginator", "outage").counter().count()).isEqualTo(3);
        // three puts and two page reads succeeded; the read during the outage failed (after the 300 ms timeout)
        assertThat(registry.get("headroom.page.backend.calls").tag("paginator", "outage").tag("result", "success")
                .timer().count()).isEqualTo(5);
        assertThat(registry.get("headroom.page.backend.calls").tag("paginator", "outage").tag("result", "failure")
                .timer().count()).isEqualTo(1);
    }
}
