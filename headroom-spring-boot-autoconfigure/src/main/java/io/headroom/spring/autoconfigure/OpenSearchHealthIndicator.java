package io.headroom.spring.autoconfigure;

import io.headroom.opensearch.OpenSearchBackend;
import org.opensearch.client.opensearch._types.HealthStatus;
import org.opensearch.client.opensearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** UP when the cluster health is green or yellow, DOWN when it is red or the cluster does not answer. */
final class OpenSearchHealthIndicator extends AbstractHealthIndicator {

    private final OpenSearchBackend backend;

    OpenSearchHealthIndicator(OpenSearchBackend backend) {
        super("OpenSearch health check failed");
        this.backend = backend;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = backend.client().cluster().health();
        (health.status() == HealthStatus.Red ? builder.down() : builder.up())
                .withDetail("cluster", health.clusterName())
                .withDetail("status", health.status().jsonValue())
                .withDetail("nodes", health.numberOfNodes());
    }
}
