package io.headroom.redis;

import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.testkit.ManualClock;
import io.headroom.testkit.contract.SessionsContract;
import java.util.List;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The sessions contract, unchanged, against a real 3-master Redis Cluster; afterwards no key of the run lacks a TTL. */
class RedisSessionsClusterIT extends SessionsContract {

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
    protected List<Sessions> instances(SessionConfig config, ManualClock clock, int count) {
        return fixture.sessions(config, clock, count);
    }

    @Override
    protected List<String> storedText() {
        return fixture.storedText();
    }
}
