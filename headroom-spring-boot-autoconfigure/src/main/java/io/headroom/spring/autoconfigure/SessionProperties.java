package io.headroom.spring.autoconfigure;

import io.headroom.presence.SessionOutagePolicy;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named session stores (headroom.sessions.stores.NAME.*); each becomes a Sessions bean
 * qualified by its name, on Redis when Redis is configured, else in memory. Unset settings take
 * SessionConfig's defaults.
 *
 * @param stores the session stores by name (the name becomes SessionConfig.name())
 */
public record SessionProperties(@DefaultValue Map<String, Store> stores) {

    /**
     * One session store.
     *
     * @param idleTimeout how long a session lives without use; unset: the SDK's default
     * @param maxLifetime how long a session lives at most; unset: the SDK's default
     * @param maxPerUser the most live sessions per user (one more revokes the oldest); unset: the SDK's default
     * @param maxDataEntries the most entries in a session's data map; unset: the SDK's default
     * @param outagePolicy what the Redis store does while Redis is down; unset: the SDK's default
     * @param backend which backend serves the store; default AUTO (Redis when configured)
     */
    public record Store(
            @Nullable Duration idleTimeout,
            @Nullable Duration maxLifetime,
            @Nullable Integer maxPerUser,
            @Nullable Integer maxDataEntries,
            @Nullable SessionOutagePolicy outagePolicy,
            @DefaultValue("auto") Backend backend) {
    }
}
