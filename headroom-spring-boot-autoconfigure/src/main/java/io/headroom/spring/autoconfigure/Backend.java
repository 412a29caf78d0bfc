package io.headroom.spring.autoconfigure;

/**
 * Which backend serves a primitive configured from properties ({@code headroom.<kind>.<plural>.<name>.backend}).
 */
public enum Backend {
    /** The default: Redis when a Redis connection is configured, else (for counters) Firestore, else in memory. */
    AUTO,
    /** The embedded implementation, in this process only. */
    MEMORY,
    /** Redis (standalone or cluster); startup fails when no Redis connection is configured. */
    REDIS,
    /** Firestore (counters only); startup fails when no Firestore client is configured. */
    FIRESTORE,
    /** OpenSearch (search indexes only, the {@code auto} choice when headroom.opensearch.hosts is set). */
    OPENSEARCH
}
