package io.headroom.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code headroom.*} property: the backends' connections and each primitive by name.
 *
 * <p>Immutable (bound once through the constructor). Property groups that later backends and primitives will add
 * ({@code headroom.opensearch}, {@code headroom.presence}, {@code headroom.sessions}, {@code headroom.push-queue})
 * sit beside the ones here with the same shape: a connection group per backend, a {@code <kind>.<plural>.<name>}
 * map per primitive, each entry with an optional {@code backend}.
 *
 * @param redis the Redis connection ({@code headroom.redis.*}); none unless {@code uri} is set
 * @param firestore the Firestore client ({@code headroom.firestore.*}); none unless {@code project-id} is set
 * @param rateLimit the named rate limiters ({@code headroom.rate-limit.limiters.<name>.*})
 * @param counter the named sharded counters ({@code headroom.counter.counters.<name>.*})
 * @param cache the named caches and the Spring {@code CacheManager} ({@code headroom.cache.*})
 * @param pagination the named paginator configurations ({@code headroom.pagination.paginators.<name>.*})
 * @param search the named search indexes ({@code headroom.search.indexes.<name>.*})
 * @param dispatch the named notification dispatchers ({@code headroom.dispatch.dispatchers.<name>.*})
 * @param web the Spring MVC integration ({@code headroom.web.*})
 */
@ConfigurationProperties("headroom")
public record HeadroomProperties(
        @NestedConfigurationProperty @DefaultValue RedisConnectionProperties redis,
        @NestedConfigurationProperty @DefaultValue FirestoreConnectionProperties firestore,
        @NestedConfigurationProperty @DefaultValue RateLimitProperties rateLimit,
        @NestedConfigurationProperty @DefaultValue CounterProperties counter,
        @NestedConfigurationProperty @DefaultValue CacheProperties cache,
        @NestedConfigurationProperty @DefaultValue PaginationProperties pagination,
        @NestedConfigurationProperty @DefaultValue SearchProperties search,
        @NestedConfigurationProperty @DefaultValue DispatchProperties dispatch,
        @NestedConfigurationProperty @DefaultValue WebProperties web) {
}
