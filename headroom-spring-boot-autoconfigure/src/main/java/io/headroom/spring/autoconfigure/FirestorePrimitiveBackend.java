package io.headroom.spring.autoconfigure;

import io.headroom.counter.CounterConfig;
import io.headroom.counter.ShardedCounter;
import io.headroom.firestore.FirestoreBackend;
import io.headroom.firestore.FirestoreSettings;
import io.headroom.firestore.FirestoreShardedCounter;

/** Builds primitives on the application's Firestore client: sharded counters (Firestore has no limiter or cache). */
final class FirestorePrimitiveBackend implements PrimitiveBackend {

    private final FirestoreBackend backend;
    private final FirestoreSettings settings;

    FirestorePrimitiveBackend(FirestoreBackend backend, FirestoreConnectionProperties properties) {
        this.backend = backend;
        PropertyChecks checks = PropertyChecks.under("headroom.firestore");
        FirestoreSettings.Builder b = FirestoreSettings.builder();
        checks.set("collection-prefix", properties.collectionPrefix(), b::collectionPrefix);
        checks.set("timeout", properties.timeout(), b::timeout);
        this.settings = checks.build(b::build);
    }

    @Override
    public Backend kind() {
        return Backend.FIRESTORE;
    }

    @Override
    public boolean serves(String kind) {
        return "counter".equals(kind);
    }

    @Override
    public ShardedCounter counter(CounterConfig config) {
        return FirestoreShardedCounter.create(backend, config, settings);
    }
}
