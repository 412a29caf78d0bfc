package io.headroom.testkit.contract;

import io.headroom.presence.TypingConfig;
import io.headroom.presence.Typing;
import io.headroom.testkit.ManualClock;
import java.util.Collections;
import java.util.List;

/** The typing contract against the embedded in-memory implementation (one instance is the whole fleet). */
class InMemoryTypingContractTest extends TypingContract {

    @Override
    protected List<Typing> instances(TypingConfig config, ManualClock clock, int count) {
        return Collections.nCopies(count, Typing.inMemory(config, clock));
    }
}
