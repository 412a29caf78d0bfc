package io.headroom.redis;

import io.headroom.presence.TypingConfig;
import io.headroom.presence.Typing;
import io.headroom.testkit.ManualClock;
import io.headroom.testkit.contract.TypingContract;
import java.util.List;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The typing contract, unchanged, against a real standalone redis-server; afterwards no key of the run lacks a TTL. */
class RedisTypingStandaloneIT extends TypingContract {

    private static PresenceFixture fixture;

    @BeforeContainer
    static void connect() {
        fixture = PresenceFixture.standalone();
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
    protected List<Typing> instances(TypingConfig config, ManualClock clock, int count) {
        return fixture.typings(config, clock, count);
    }
}
