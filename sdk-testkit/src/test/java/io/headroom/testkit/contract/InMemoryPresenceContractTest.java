package io.headroom.testkit.contract;

import io.headroom.presence.PresenceConfig;
import io.headroom.presence.Presence;
import io.headroom.testkit.ManualClock;
import java.util.Collections;
import java.util.List;

/** The presence contract against the embedded in-memory implementation (one instance is the whole fleet). */
class InMemoryPresenceContractTest extends PresenceContract {

    @Override
    protected List<Presence> instances(PresenceConfig config, ManualClock clock, int count) {
        return Collections.nCopies(count, Presence.inMemory(config, clock));
    }
}
