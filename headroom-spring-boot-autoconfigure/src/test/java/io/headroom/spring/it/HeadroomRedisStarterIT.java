package io.headroom.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.headroom.cache.CacheAside;
import io.headroom.counter.ShardedCounter;
import io.headroom.redis.RedisCacheAside;
import io.headroom.redis.RedisRateLimiter;
import io.headroom.redis.RedisShardedCounter;
import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.autoconfigure.HeadroomAutoConfiguration;
import io.headroom.spring.autoconfigure.HeadroomCacheAutoConfiguration;
import io.headroom.spring.autoconfigure.HeadroomRedisAutoConfiguration;
import io.headroom.spring.autoconfigure.HeadroomWebMvcAutoConfiguration;
import io.headroom.spring.web.RateLimited;
import io.headroom.testkit.RedisCluster;
import io.headroom.testkit.RedisServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The starter over a real {@code redis-server} (the test kit's): two application contexts, like two instances of
 * one service, share a limit, a cache and counters; the health indicator turns DOWN when Redis stops.
 */
class HeadroomRedisStarterIT {

    static RedisServer redis;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @BeforeEach
    void clean() {
        if (redis.isRunning()) {
            redis.flushAll();
        }
    }

    WebApplicationContextRunner instance() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                        HeadroomAutoConfiguration.class, HeadroomWebMvcAutoConfiguration.class,
                        HeadroomCacheAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("headroom.redis.uri=" + redis.uri(), "headroom.redis.timeout=1s",
                        "headroom.rate-limit.limiters.api.bandwidths[0]=3/1m",
                        "headroom.cache.caches.profile.ttl=1h",
                        "headroom.counter.counters.views.coalescing-window=1m");
    }

    @Test
    void twoInstancesShareOneLimitAndBothAnswer429WithTheHeaders() {
        instance().run(a -> instance().run(b -> {
            assertThat(a).hasNotFailed();
            assertThat(b).hasNotFailed();
            assertThat(a.getBean(HeadroomRegistry.class).rateLimiter("api")).isInstanceOf(RedisRateLimiter.class);
            MockMvc mvcA = mvc(a);
            MockMvc mvcB = mvc(b);
            assertThat(call(mvcA).getStatus()).isEqualTo(200);
            assertThat(call(mvcB).getStatus()).isEqualTo(200);
            MockHttpServletResponse third = call(mvcA);
            assertThat(third.getStatus()).isEqualTo(200);
            assertThat(third.getHeader("RateLimit")).startsWith("\"3-per-60s\";r=0;");
            // the fourth request goes to the other instance: the limit is shared, so it is denied there too
            MockHttpServletResponse fourth = call(mvcB);
            assertThat(fourth.getStatus()).isEqualTo(429);
            assertThat(Long.parseLong(fourth.getHeader("Retry-After"))).isBetween(1L, 60L);
            assertThat(fourth.getHeader("RateLimit-Policy")).isEqualTo("\"3-per-60s\";q=3;w=60");
            assertThat(fourth.getContentType()).startsWith("application/problem+json");
            assertThat(fourth.getContentAsString()).contains("\"status\":429");
            assertThat(call(mvcA).getStatus()).isEqualTo(429);
        }));
    }

    @Test
    void cacheableLoadsOnceAcrossTwoInstances() throws Exception {
        instance().run(a -> instance().run(b -> {
            Profiles pa = a.getBean(Profiles.class);
            Profiles pb = b.getBean(Profiles.class);
            @SuppressWarnings("unchecked")
            CacheAside<Object, Object> cacheB = b.getBean(HeadroomRegistry.class).cache("profile");
            assertThat(cacheB).isInstanceOf(RedisCacheAside.class);
            // instance A's load blocks until instance B is waiting on A's lease: B must not load itself
            CompletableFuture<String> fromA = CompletableFuture.supplyAsync(() -> pa.load("u1"));
            assertThat(Profiles.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> fromB = CompletableFuture.supplyAsync(() -> pb.load("u1"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (cacheB.stats().leaseWaits() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Profiles.release.countDown();
            assertThat(fromA.get(10, TimeUnit.SECONDS)).isEqualTo("profile-u1#1");
            assertThat(fromB.get(10, TimeUnit.SECONDS)).isEqualTo("profile-u1#1");
            assertThat(Profiles.loads.get()).isEqualTo(1);
            assertThat(cacheB.stats().leaseWaits()).isPositive();
            // an eviction on B reaches A (over the invalidation channel, within its documented bound): A loads again
            // instead of serving its in-process copy
            b.getBean(org.springframework.cache.CacheManager.class).getCache("profile").evict("u1");
            String afterEvict = pa.load("u1");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (afterEvict.endsWith("#1") && System.nanoTime() < until) {
                Thread.sleep(10);
                afterEvict = pa.load("u1");
            }
            assertThat(afterEvict).isEqualTo("profile-u1#2");
        }));
    }

    @Test
    void countersFlushAtShutdownBeforeTheConnectionCloses() {
        instance().run(a -> {
            ShardedCounter views = a.getBean(HeadroomRegistry.class).counter("views");
            assertThat(views).isInstanceOf(RedisShardedCounter.class);
            // the one-minute coalescing window keeps the increments buffered until the context closes
            views.increment("post-1", 5);
            views.increment("post-1", 2);
        });
        instance().run(b -> assertThat(b.getBean(HeadroomRegistry.class).counter("views").get("post-1"))
                .isEqualTo(7));
    }

    @Test
    void aClusterUriGivesClusterPrimitives() {
        try (RedisCluster cluster = RedisCluster.start()) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                            HeadroomAutoConfiguration.class))
                    .withPropertyValues("headroom.redis.uri=" + String.join(",", cluster.uris()),
                            "headroom.redis.timeout=1s", "headroom.rate-limit.limiters.api.bandwidths[0]=1/1m")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        assertThat(ctx.getBean(io.headroom.redis.RedisBackend.class).isCluster()).isTrue();
                        var api = ctx.getBean(HeadroomRegistry.class).rateLimiter("api");
                        assertThat(api.tryAcquire("k").allowed()).isTrue();
                        assertThat(api.tryAcquire("k").allowed()).isFalse();
                        assertThat(ctx.getBean("headroomRedisHealthIndicator", HealthIndicator.class).health()
                                .getStatus()).isEqualTo(Status.UP);
                    });
        }
    }

    @Test
    void aLettuceClientBeanOfTheApplicationIsUsedAndLeftOpen() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.uri());
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                            HeadroomAutoConfiguration.class))
                    .withBean(io.lettuce.core.RedisClient.class, () -> client, d -> d.setDestroyMethodName(""))
                    .withPropertyValues("headroom.redis.timeout=1s",
                            "headroom.rate-limit.limiters.api.bandwidths[0]=1/1m",
                            "headroom.cache.caches.profile.ttl=1m")
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed().hasSingleBean(io.headroom.redis.RedisBackend.class);
                        HeadroomRegistry registry = ctx.getBean(HeadroomRegistry.class);
                        assertThat(registry.rateLimiter("api")).isInstanceOf(RedisRateLimiter.class);
                        assertThat(registry.cache("profile")).isInstanceOf(RedisCacheAside.class);
                        assertThat(registry.rateLimiter("api").tryAcquire("k").allowed()).isTrue();
                    });
            // Headroom closed its own connections on the client, not the client
            try (var c = client.connect()) {
                assertThat(c.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void presenceTypingAndSessionsAreSharedOnRedisMeteredAndInTheHealthDetails() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                        HeadroomAutoConfiguration.class))
                .withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .withPropertyValues("headroom.redis.uri=" + redis.uri(), "headroom.redis.timeout=1s",
                        "headroom.presence.trackers.online.ttl=1m", "headroom.typing.indicators.chat.ttl=1m",
                        "headroom.sessions.stores.web.max-per-user=3");
        runner.run(a -> runner.run(b -> {
            assertThat(a).hasNotFailed();
            HeadroomRegistry ra = a.getBean(HeadroomRegistry.class);
            HeadroomRegistry rb = b.getBean(HeadroomRegistry.class);
            assertThat(ra.presence("online")).isInstanceOf(io.headroom.redis.RedisPresence.class);
            assertThat(ra.typing("chat")).isInstanceOf(io.headroom.redis.RedisTyping.class);
            assertThat(ra.sessions("web")).isInstanceOf(io.headroom.redis.RedisSessions.class);
            ra.presence("online").heartbeat("u1", "phone");
            assertThat(rb.presence("online").status("u1").online()).isTrue();
            ra.typing("chat").typing("c1", "u1");
            assertThat(rb.typing("chat").typingIn("c1")).containsExactly("u1");
            String token = ra.sessions("web").create("u1", java.util.Map.of()).token();
            assertThat(rb.sessions("web").validate(token)).isPresent();
            var meters = a.getBean(io.micrometer.core.instrument.MeterRegistry.class);
            assertThat(meters.find("headroom.presence.fallbacks").tag("presence", "online").meters()).isNotEmpty();
            assertThat(meters.find("headroom.sessions.fallbacks").tag("sessions", "web").meters()).isNotEmpty();
            assertThat(a.getBean("headroomRedisHealthIndicator", HealthIndicator.class).health().getDetails())
                    .containsEntry("circuitBreakers", java.util.Map.of("presence:online", "CLOSED",
                            "sessions:web", "CLOSED", "typing:chat", "CLOSED"));
        }));
    }

    @Test
    void aDurableDispatcherQueuesOnRedisStreamsAndSends() {
        java.util.List<io.headroom.notify.Notification> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.headroom.spi.PushProvider provider = batch -> {
            sent.addAll(batch);
            return CompletableFuture.completedFuture(batch.stream()
                    .map(n -> io.headroom.spi.SendResult.delivered("m")).toList());
        };
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                        HeadroomAutoConfiguration.class))
                .withBean(io.headroom.spi.PushProvider.class, () -> provider)
                .withPropertyValues("headroom.redis.uri=" + redis.uri(), "headroom.redis.timeout=1s",
                        "headroom.dispatch.dispatchers.push.backend=redis-durable",
                        "headroom.dispatch.dispatchers.push.shards=2")
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    var push = ctx.getBean(HeadroomRegistry.class).dispatcher("push");
                    assertThat(push).isInstanceOf(io.headroom.redis.RedisNotificationDispatcher.class);
                    push.submit(io.headroom.notify.Notification.to("device-1").title("hi").body("there").build());
                    push.flush();
                });
        // accepted into the stream, then sent (flush, or the drain at shutdown)
        assertThat(sent).hasSize(1);
    }

    /** On a server of its own, which it stops. */
    @Test
    void healthTurnsDownWhenRedisStops() {
        RedisServer own = RedisServer.start();
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(HeadroomRedisAutoConfiguration.class,
                            HeadroomAutoConfiguration.class))
                    .withPropertyValues("headroom.redis.uri=" + own.uri(), "headroom.redis.timeout=200ms",
                            "headroom.rate-limit.limiters.api.bandwidths[0]=5/1m")
                    .run(ctx -> {
                        HealthIndicator health = ctx.getBean("headroomRedisHealthIndicator", HealthIndicator.class);
                        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                        assertThat(health.health().getDetails()).containsEntry("mode", "standalone")
                                .containsEntry("ping", "PONG")
                                .containsEntry("circuitBreakers", java.util.Map.of("rate-limit:api", "CLOSED"));
                        own.stop();
                        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    });
        } finally {
            own.close();
        }
    }

    private static MockMvc mvc(AssertableWebApplicationContext ctx) {
        return MockMvcBuilders.webAppContextSetup(ctx).build();
    }

    private static MockHttpServletResponse call(MockMvc mvc) throws Exception {
        return mvc.perform(get("/feed").header("X-Api-Key", "key-1")).andReturn().getResponse();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableCaching
    @Import(Feed.class)
    static class App {
        @Bean
        Profiles profiles() {
            return new Profiles();
        }
    }

    @RestController
    static class Feed {
        @RateLimited(limiter = "api", key = "header:X-Api-Key")
        @GetMapping("/feed")
        String feed() {
            return "feed";
        }
    }

    /** Shared by both contexts (static state), like one database behind two instances. */
    static class Profiles {
        static final AtomicInteger loads = new AtomicInteger();
        static final CountDownLatch entered = new CountDownLatch(1);
        static final CountDownLatch release = new CountDownLatch(1);

        @Cacheable(cacheNames = "profile", sync = true)
        public String load(String id) {
            int n = loads.incrementAndGet();
            if (n == 1) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "profile-" + id + "#" + n;
        }
    }

}
