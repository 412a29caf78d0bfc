package io.headroom.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spring.cache.HeadroomCacheManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring {@code CacheManager} over CacheAside: when it appears, when it backs off, and what @Cacheable does. */
class CacheManagerAutoConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HeadroomAutoConfiguration.class,
                    HeadroomCacheAutoConfiguration.class))
            .withPropertyValues("headroom.cache.caches.profile.ttl=1h");

    @Test
    void withoutEnableCachingThereIsNoCacheManager() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(CacheManager.class));
    }

    @Test
    void withEnableCachingTheCacheableMethodIsServedByHeadroom() {
        runner.withUserConfiguration(Profiles.class).run(ctx -> {
            assertThat(ctx).hasNotFailed().getBean(CacheManager.class).isInstanceOf(HeadroomCacheManager.class);
            Repo repo = ctx.getBean(Repo.class);
            java.util.function.IntSupplier loads = repo::loads;
            assertThat(repo.load("u1")).isEqualTo("profile-u1#1");
            assertThat(repo.load("u1")).isEqualTo("profile-u1#1");
            assertThat(repo.loadUnsynced("u1")).isEqualTo("profile-u1#1");
            assertThat(loads.getAsInt()).isEqualTo(1);
            repo.evict("u1");
            assertThat(repo.load("u1")).isEqualTo("profile-u1#2");
            repo.put("u1");
            assertThat(repo.loadUnsynced("u1")).isEqualTo("put-u1");
            assertThat(repo.loadUnsynced("u2")).isEqualTo("profile-u2#3");
            assertThat(repo.loadUnsynced("u2")).isEqualTo("profile-u2#3");
            assertThat(ctx.getBean(CacheManager.class).getCacheNames()).containsExactly("profile");
            assertThat(ctx.getBean(CacheManager.class).getCache("unknown")).isNull();
        });
    }

    @Test
    void backsOffFromTheApplicationsCacheManager() {
        runner.withUserConfiguration(Profiles.class)
                .withBean(CacheManager.class, ConcurrentMapCacheManager::new)
                .run(ctx -> assertThat(ctx.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class));
    }

    @Test
    void canBeTurnedOff() {
        // with @EnableCaching and no CacheManager at all, Spring itself refuses to start
        runner.withUserConfiguration(Profiles.class).withPropertyValues("headroom.cache.spring-cache-manager=false")
                .run(ctx -> assertThat(ctx).getFailure().hasMessageContaining("CacheManager"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Profiles {
        @Bean
        Repo repo() {
            return new Repo();
        }
    }

    static class Repo {
        private final AtomicInteger loads = new AtomicInteger();

        public int loads() {
            return loads.get();
        }

        @Cacheable(cacheNames = "profile", sync = true)
        public String load(String id) {
            return "profile-" + id + "#" + loads.incrementAndGet();
        }

        @Cacheable(cacheNames = "profile")
        public String loadUnsynced(String id) {
            return "profile-" + id + "#" + loads.incrementAndGet();
        }

        @CacheEvict("profile")
        public void evict(String id) {
        }

        @CachePut(cacheNames = "profile", key = "#id")
        public String put(String id) {
            return "put-" + id;
        }
    }
}
