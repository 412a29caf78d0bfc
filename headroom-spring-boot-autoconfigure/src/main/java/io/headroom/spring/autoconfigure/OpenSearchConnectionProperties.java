package io.headroom.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The OpenSearch cluster (headroom.opensearch.*): when hosts is set and sdk-opensearch is on the class path,
 * the configured search indexes are on OpenSearch. Unset settings take OpenSearchSettings' defaults.
 *
 * @param hosts the nodes' URLs, comma-separated (http://localhost:9200); none: OpenSearch is not configured
 * @param connectTimeout how long opening a connection may take; unset: the SDK's default
 * @param callTimeout how long one call may take; unset: the SDK's default
 * @param indexPrefix the prefix of every index name; unset: the SDK's default
 * @param username the basic-auth user; unset: no authentication
 * @param password the basic-auth password (with username); never logged
 */
public record OpenSearchConnectionProperties(
        @DefaultValue List<String> hosts,
        @Nullable Duration connectTimeout,
        @Nullable Duration callTimeout,
        @Nullable String indexPrefix,
        @Nullable String username,
        @Nullable String password) {

    @Override
    public String toString() {
        return "OpenSearchConnectionProperties[hosts=" + hosts + ", username=" + username + ", password=***]";
    }
}
