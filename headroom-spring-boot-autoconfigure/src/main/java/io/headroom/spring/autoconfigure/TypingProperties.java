package io.headroom.spring.autoconfigure;

import io.headroom.presence.TypingOutagePolicy;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named typing indicators (headroom.typing.indicators.NAME.*); each becomes a Typing bean
 * qualified by its name, on Redis when Redis is configured, else in memory. Unset settings take
 * TypingConfig's defaults.
 *
 * @param indicators the typing indicators by name (the name becomes TypingConfig.name())
 */
public record TypingProperties(@DefaultValue Map<String, Indicator> indicators) {

    /**
     * One typing indicator.
     *
     * @param ttl how long a user counts as typing after the last signal; unset: the SDK's default
     * @param maxTypers the most typers reported per chat; unset: the SDK's default
     * @param outagePolicy what the Redis indicator answers while Redis is down; unset: the SDK's default
     * @param backend which backend serves the indicator; default AUTO (Redis when configured)
     */
    public record Indicator(
            @Nullable Duration ttl,
            @Nullable Integer maxTypers,
            @Nullable TypingOutagePolicy outagePolicy,
            @DefaultValue("auto") Backend backend) {
    }
}
