package io.headroom.spring.autoconfigure;

import io.headroom.spring.HeadroomRegistry;
import io.headroom.spring.cache.HeadroomCacheManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;

/**
 * Spring's cache abstraction over Headroom's caches: when caching is enabled ({@code @EnableCaching}) and the
 * application defines no {@code CacheManager}, a {@link HeadroomCacheManager} serves {@code @Cacheable("profile")}
 * from {@code headroom.cache.caches.profile}. Runs before Spring Boot's own cache auto-configuration, which then
 * backs off. Off with {@code headroom.cache.spring-cache-manager=false}.
 */
@AutoConfiguration(after = HeadroomAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass(CacheManager.class)
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(CacheManager.class)
@ConditionalOnBooleanProperty(name = "headroom.cache.spring-cache-manager", matchIfMissing = true)
public class HeadroomCacheAutoConfiguration {

    /** Created by Spring. */
    public HeadroomCacheAutoConfiguration() {
    }

    /**
     * The cache manager.
     *
     * @param registry the caches
     * @return the manager
     */
    @Bean
    public HeadroomCacheManager cacheManager(HeadroomRegistry registry) {
        return new HeadroomCacheManager(registry);
    }
}
