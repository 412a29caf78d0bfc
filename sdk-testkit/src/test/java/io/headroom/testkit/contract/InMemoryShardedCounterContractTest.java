package io.headroom.testkit.contract;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import java.util.Collections;
import java.util.List;

/** The sharded-counter contract against the embedded in-memory counter (instances share state by being one). */
class InMemoryShardedCounterContractTest extends ShardedCounterContract {

    @Override
    protected List<ShardedCounter> createSharing(CounterConfig config, int instances) {
        return Collections.nCopies(instances, ShardedCounter.inMemory(config));
    }
}
