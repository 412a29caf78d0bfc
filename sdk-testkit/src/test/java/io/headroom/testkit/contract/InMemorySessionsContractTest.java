package io.headroom.testkit.contract;

import io.headroom.presence.SessionConfig;
import io.headroom.presence.Sessions;
import io.headroom.testkit.ManualClock;
import java.util.Collections;
import java.util.List;

/** The sessions contract against the embedded in-memory implementation (one instance is the whole fleet). */
class InMemorySessionsContractTest extends SessionsContract {

    @Override
    protected List<Sessions> instances(SessionConfig config, ManualClock clock, int count) {
        return Collections.nCopies(count, Sessions.inMemory(config, clock));
    }
}
