package io.headroom.spring.autoconfigure;

import io.headroom.redis.RedisBackend;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The Redis backend: when sdk-redis and Lettuce are on the class path and {@code headroom.redis.uri} is set
 * (standalone, or a cluster) or the application defines a Lettuce {@code RedisClient}, {@code RedisClusterClient}
 * or {@code StatefulRedisConnection} bean. Registers a {@link RedisBackend} bean (backing off from the
 * application's), makes Redis the {@code AUTO} backend of limiters, counters and caches, and adds a health
 * indicator. The connection closes after every primitive on it.
 */
@AutoConfiguration(before = HeadroomAutoConfiguration.class)
@ConditionalOnClass({RedisBackend.class, RedisClient.class})
@Conditional(HeadroomRedisAutoConfiguration.RedisConfigured.class)
@EnableConfigurationProperties(HeadroomProperties.class)
public class HeadroomRedisAutoConfiguration {

    /** Created by Spring. */
    public HeadroomRedisAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @SuppressWarnings({"unchecked", "rawtypes"})
    HeadroomRedis headroomRedis(HeadroomProperties properties, ObjectProvider<RedisClient> clients,
                                ObjectProvider<RedisClusterClient> clusterClients,
                                ObjectProvider<StatefulRedisConnection> connections,
                                ObjectProvider<StatefulRedisClusterConnection> clusterConnections) {
        RedisConnectionProperties p = properties.redis();
        if (!p.uris().isEmpty()) {
            return HeadroomRedis.connect(p);
        }
        AbstractRedisClient client = clusterClients.getIfUnique();
        if (client == null) {
            client = clients.getIfUnique();
        }
        StatefulConnection<String, String> connection = clusterConnections.getIfUnique();
        if (connection == null) {
            connection = connections.getIfUnique();
        }
        if (connection != null) {
            return HeadroomRedis.of(connection, client);
        }
        if (client == null) {
            throw new IllegalStateException("more than one Lettuce client bean: set headroom.redis.uri, or define a "
                    + "RedisBackend bean for Headroom");
        }
        return HeadroomRedis.of(client, false);
    }

    @Bean
    @ConditionalOnMissingBean
    RedisBackend headroomRedisBackend(HeadroomRedis redis) {
        return redis.backend();
    }

    @Bean
    RedisPrimitiveBackend headroomRedisPrimitives(HeadroomRedis redis, HeadroomProperties properties) {
        return new RedisPrimitiveBackend(redis, properties.redis());
    }

    /** Health: PING within four Headroom call timeouts (or 1 s), and each primitive's breaker state. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "headroomRedisHealthIndicator")
        HealthIndicator headroomRedisHealthIndicator(HeadroomRedis redis, RedisPrimitiveBackend primitives,
                                                     HeadroomProperties properties) {
            Duration timeout = properties.redis().timeout() == null ? Duration.ofSeconds(1)
                    : properties.redis().timeout().multipliedBy(4);
            return new RedisHealthIndicator(redis, primitives, timeout);
        }
    }

    /** Redis is configured: the URI property or a Lettuce bean. */
    static final class RedisConfigured extends AnyNestedCondition {

        RedisConfigured() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "headroom.redis", name = "uri")
        static final class Uri {
        }

        @ConditionalOnBean(RedisClient.class)
        static final class Client {
        }

        @ConditionalOnBean(RedisClusterClient.class)
        static final class ClusterClient {
        }

        @ConditionalOnBean(StatefulRedisConnection.class)
        static final class Connection {
        }

        @ConditionalOnBean(StatefulRedisClusterConnection.class)
        static final class ClusterConnection {
        }
    }
}
