package io.headroom.redis;

import io.headroom.presence.PresenceConfig;
import io.headroom.presence.Presence;
import io.headroom.testkit.ManualClock;
import io.headroom.testkit.contract.PresenceContract;
import java.util.List;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The presence contract, unchanged, against a real 3-master Redis Cluster; afterwards no key of the run lacks a TTL. */
class RedisPresenceClusterIT extends PresenceContract {

    private static PresenceFixture fixture;

    @BeforeContainer
    static void connect() {
        fixture = PresenceFixture.cluster();
    }

    @AfterContainer
    static void scanAndDisconnect() {
        try {
            fixture.assertEveryKeyExpires();
        } finally {
            fixture.close();
        }
    }

    @Override
    protected List<Presence> instances(PresenceConfig config, ManualClock clock, int count) {
        return fixture.presences(config, clock, count);
    }
}
