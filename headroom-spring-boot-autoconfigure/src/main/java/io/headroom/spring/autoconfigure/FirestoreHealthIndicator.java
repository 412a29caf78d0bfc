package io.headroom.spring.autoconfigure;

import com.google.cloud.firestore.Firestore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when Firestore answers a one-document read in time (the document need not exist), DOWN otherwise. */
final class FirestoreHealthIndicator extends AbstractHealthIndicator {

    private final Firestore firestore;
    private final Duration timeout;

    FirestoreHealthIndicator(Firestore firestore, Duration timeout) {
        super("Firestore health check failed");
        this.firestore = firestore;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        firestore.collection("headroom_health").document("probe").get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        builder.up().withDetail("project", firestore.getOptions().getProjectId());
    }
}
