package io.headroom.spring.autoconfigure;

import io.headroom.presence.PresenceOutagePolicy;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named presence trackers (headroom.presence.trackers.NAME.*); each becomes a Presence bean
 * qualified by its name, on Redis when Redis is configured, else in memory. Unset settings take
 * PresenceConfig's defaults.
 *
 * @param trackers the presence trackers by name (the name becomes PresenceConfig.name())
 */
public record PresenceProperties(@DefaultValue Map<String, Tracker> trackers) {

    /**
     * One presence tracker.
     *
     * @param ttl how long a device counts as online after its last heartbeat; unset: the SDK's default
     * @param sweepInterval how often expired devices are looked for (to tell watchers); unset: the SDK's default
     * @param lastSeenRetention how long a user's last-seen time is kept; unset: the SDK's default
     * @param maxBulk the most user ids one statusOf or watch call accepts; unset: the SDK's default
     * @param outagePolicy what the Redis tracker answers while Redis is down; unset: the SDK's default
     * @param backend which backend serves the tracker; default AUTO (Redis when configured)
     */
    public record Tracker(
            @Nullable Duration ttl,
            @Nullable Duration sweepInterval,
            @Nullable Duration lastSeenRetention,
            @Nullable Integer maxBulk,
            @Nullable PresenceOutagePolicy outagePolicy,
            @DefaultValue("auto") Backend backend) {
    }
}
