package io.headroom.firestore;

import com.google.cloud.firestore.Firestore;
import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.contract.CounterFaults;
import io.headroom.testkit.contract.ShardedCounterContract;
import io.headroom.testkit.firestore.Contention;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The sharded-counter contract, unchanged, against the in-process Firestore emulator driven by the real client, with
 * the emulator's contention model on (1 write/s per document, burst 5, 500 ms max wait, then ABORTED), counters of 2
 * shards growing to 8, the default 1 s coalescing window, and faults through a TCP proxy in front of the emulator
 * (black hole: commits are applied after the client timed out and retried; connection resets).
 */
class FirestoreShardedCounterContractIT extends ShardedCounterContract {

    private static final String PROJECT = "counter-contract-" + UUID.randomUUID();
    private static FaultProxy proxy;
    private static final List<Firestore> clients = new ArrayList<>();
    private static final List<FirestoreBackend> backends = new ArrayList<>(); // one per client
    private static ScheduledExecutorService timer;

    @BeforeContainer
    static void connect() {
        proxy = EmulatorClients.proxy();
        clients.add(EmulatorClients.client(proxy, PROJECT));
        clients.add(EmulatorClients.client(proxy, PROJECT));
        clients.forEach(c -> backends.add(FirestoreBackend.of(c)));
        FirestoreEmulator.shared().contention(PROJECT, FirestoreEmulator.DEFAULT_DATABASE, Contention.ofDefaults());
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterContainer
    static void disconnect() throws Exception {
        timer.shutdownNow();
        for (Firestore c : clients) {
            c.close();
        }
        clients.clear();
        backends.clear();
        proxy.close();
    }

    @Override
    protected CounterConfig.Builder baseConfig() {
        // two shards: Firestore saturates increments instead of refusing them, so a one-shard counter could not
        // refuse an overflowing increment (see FirestoreShardedCounter); reads report the overflow instead
        return CounterConfig.builder().shards(2).maxShards(8)
                .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(300)).flushTimeout(Duration.ofSeconds(60));
    }

    @Override
    protected List<ShardedCounter> createSharing(CounterConfig config, int instances) {
        FirestoreSettings settings = FirestoreSettings.builder()
                .collectionPrefix("c-" + UUID.randomUUID() + "-").timeout(Duration.ofMillis(400)).build();
        List<ShardedCounter> counters = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            counters.add(FirestoreShardedCounter.create(backends.get(i % backends.size()), config, settings));
        }
        return counters;
    }

    @Override
    protected CounterFaults faults() {
        return new CounterFaults() {
            @Override
            public void timeouts() {
                proxy.blackhole();
                timer.schedule(proxy::resume, 800, TimeUnit.MILLISECONDS);
            }

            @Override
            public void resetConnections() {
                proxy.resetConnections();
            }

            @Override
            public void heal() {
                proxy.heal();
                clients.forEach(EmulatorClients::awaitReachable);
            }
        };
    }
}
