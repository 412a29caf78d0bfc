package io.headroom.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every headroom.* property: the backends' connections and each primitive by name.
 *
 * <p>Immutable (bound once through the constructor). Property groups that later backends and primitives will add
 *
 * sit beside the ones here with the same shape: a connection group per backend, a KIND.PLURAL.NAME
 * map per primitive, each entry with an optional backend.
 *
 * @param redis the Redis connection (headroom.redis.*); none unless uri is set
 * @param firestore the Firestore client (headroom.firestore.*); none unless project-id is set
 * @param rateLimit the named rate limiters (headroom.rate-limit.limiters.NAME.*)
 * @param counter the named sharded counters (headroom.counter.counters.NAME.*)
 * @param cache the named caches and the Spring CacheManager (headroom.cache.*)
 * @param pagination the named paginator configurations (headroom.pagination.paginators.NAME.*)
 * @param search the named search indexes (headroom.search.indexes.NAME.*)
 * @param dispatch the named notification dispatchers (headroom.dispatch.dispatchers.NAME.*)
 * @param web the Spring MVC integration (headroom.web.*)
 * @param presence the named presence trackers (headroom.presence.trackers.NAME.*)
 * @param typing the named typing indicators (headroom.typing.indicators.NAME.*)
 * @param sessions the named session stores (headroom.sessions.stores.NAME.*)
 * @param opensearch the OpenSearch cluster of the search indexes (headroom.opensearch.*); none unless hosts is set
 * @param fcm the FCM push provider (headroom.fcm.*); none unless project-id is set
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
        @NestedConfigurationProperty @DefaultValue WebProperties web,
        @NestedConfigurationProperty @DefaultValue PresenceProperties presence,
        @NestedConfigurationProperty @DefaultValue TypingProperties typing,
        @NestedConfigurationProperty @DefaultValue SessionProperties sessions,
        @NestedConfigurationProperty @DefaultValue OpenSearchConnectionProperties opensearch,
        @NestedConfigurationProperty @DefaultValue FcmProperties fcm) {
}
