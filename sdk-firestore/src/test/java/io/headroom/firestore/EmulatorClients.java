package io.headroom.firestore;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.headroom.testkit.FaultProxy;
import io.headroom.testkit.firestore.FirestoreEmulator;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Real Firestore clients that reach the shared emulator through a fault-injecting TCP proxy. */
final class EmulatorClients {

    private EmulatorClients() {
    }

    static FaultProxy proxy() {
        FirestoreEmulator emulator = FirestoreEmulator.shared();
        return FaultProxy.start("127.0.0.1", emulator.port());
    }

    static Firestore client(FaultProxy proxy, String projectId) {
        return FirestoreOptions.newBuilder().setProjectId(projectId).setDatabaseId(FirestoreEmulator.DEFAULT_DATABASE)
                .setEmulatorHost(proxy.host() + ":" + proxy.port()).build().getService();
    }

    /** Waits until a read through {@code db} succeeds (after a proxy fault was healed). */
    static void awaitReachable(Firestore db) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            try {
                db.collection("ping").document("ping").get().get(1, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Firestore emulator not reachable 20 s after healing the proxy", e);
                }
            }
        }
    }
}
