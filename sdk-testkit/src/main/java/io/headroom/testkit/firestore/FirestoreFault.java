package io.headroom.testkit.firestore;

import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic fault the emulator injects at the gRPC level, before a call is served: a status
 * ({@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code RESOURCE_EXHAUSTED}, {@code ABORTED}, or any other
 * error) and/or a delay (a slow answer), for one RPC method (or every one) and optionally only for calls naming a
 * document path.
 *
 * <pre>{@code
 * // the next two commits touching counters/c1 fail UNAVAILABLE, then commits pass again
 * emulator.inject(db, FirestoreFault.on("Commit").document("counters/c1").fail(Status.Code.UNAVAILABLE).times(2).build());
 * // every query answers 300 ms late
 * emulator.inject(db, FirestoreFault.on("RunQuery").delay(Duration.ofMillis(300)).build());
 * }</pre>
 *
 * <p>Matching: a call matches when its method is the rule's (or the rule's is {@value #ANY_METHOD}) and, when the
 * rule names a document path, one of the paths the request names is that path or lies under it. Paths are
 * relative to the database's {@code documents} root ({@code "counters/c1"}, or a collection {@code "counters"}):
 * a write's, a get's or a listened document's name; a query's, an aggregation's or a listened query's collection
 * ({@code parent/collection_id}); a {@code ListDocuments} collection. Of the matching calls, the first
 * {@link Builder#after(int) after} pass untouched, the next {@link Builder#times(int) times} get the fault (all of
 * them by default), and later ones pass: counting is exact, so a test knows which call fails. A failed call does
 * nothing (a failed commit writes nothing). A {@code Listen} fault applies to each request on the stream (adding a
 * target); its status ends the stream.
 *
 * <p>Method names are the {@code google.firestore.v1.Firestore} RPCs the emulator serves: {@code Commit},
 * {@code BatchGetDocuments}, {@code RunQuery}, {@code RunAggregationQuery}, {@code BeginTransaction},
 * {@code Rollback}, {@code BatchWrite}, {@code ListDocuments}, {@code ListCollectionIds}, {@code Listen}.
 *
 * <p>Immutable and thread-safe; build with {@link #on(String)}.
 */
public final class FirestoreFault {

    /** The method name that matches every RPC. */
    public static final String ANY_METHOD = "*";

    private static final Set<String> METHODS = Set.of(ANY_METHOD, "Commit", "BatchGetDocuments", "RunQuery",
            "RunAggregationQuery", "BeginTransaction", "Rollback", "BatchWrite", "ListDocuments", "ListCollectionIds",
            "Listen");

    private final String method;
    private final @Nullable String document;
    private final Status.@Nullable Code code;
    private final Duration delay;
    private final int after;
    private final int times;

    private FirestoreFault(Builder b) {
        this.method = b.method;
        this.document = b.document;
        this.code = b.code;
        this.delay = b.delay;
        this.after = b.after;
        this.times = b.times;
    }

    /**
     * Starts a fault for one RPC method.
     *
     * @param method an RPC name such as {@code "Commit"}, or {@value #ANY_METHOD}
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when the method is not one the emulator serves
     */
    public static Builder on(String method) {
        if (method == null || !METHODS.contains(method)) {
            throw new IllegalArgumentException("method must be one of " + METHODS + ", was " + method);
        }
        return new Builder(method);
    }

    /**
     * The RPC method matched.
     *
     * @return the name, or {@value #ANY_METHOD}
     */
    public String method() {
        return method;
    }

    /**
     * The document path matched, relative to the documents root.
     *
     * @return the path, or {@code null} for every call of the method
     */
    public @Nullable String document() {
        return document;
    }

    /**
     * The status a faulted call fails with.
     *
     * @return the code, or {@code null} when the fault only delays
     */
    public Status.@Nullable Code code() {
        return code;
    }

    /**
     * How long a faulted call is held before it is answered (or failed).
     *
     * @return the delay; zero for none
     */
    public Duration delay() {
        return delay;
    }

    /**
     * How many matching calls pass before the fault applies.
     *
     * @return zero or more
     */
    public int after() {
        return after;
    }

    /**
     * How many matching calls get the fault.
     *
     * @return at least one, or {@link Integer#MAX_VALUE} for all
     */
    public int times() {
        return times;
    }

    @Override
    public String toString() {
        return "FirestoreFault[" + method + (document == null ? "" : " on " + document)
                + (code == null ? "" : ", fail " + code) + (delay.isZero() ? "" : ", delay " + delay)
                + (after == 0 ? "" : ", after " + after) + (times == Integer.MAX_VALUE ? "" : ", times " + times) + "]";
    }

    /** Builds a {@link FirestoreFault}. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private @Nullable String document;
        private Status.@Nullable Code code;
        private Duration delay = Duration.ZERO;
        private int after;
        private int times = Integer.MAX_VALUE;

        private Builder(String method) {
            this.method = method;
        }

        /**
         * Restricts the fault to calls naming this document or collection path or one under it.
         *
         * @param path relative to the documents root, e.g. {@code "counters/c1"}; no leading or trailing {@code /}
         * @return this builder
         * @throws IllegalArgumentException when the path is empty or has an empty segment
         */
        public Builder document(String path) {
            if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
                throw new IllegalArgumentException("path must be a non-empty relative path like counters/c1, was " + path);
            }
            this.document = path;
            return this;
        }

        /**
         * Makes faulted calls fail with a status.
         *
         * @param status an error code, e.g. {@code UNAVAILABLE}
         * @return this builder
         * @throws IllegalArgumentException when the code is {@code null} or {@code OK}
         */
        public Builder fail(Status.Code status) {
            if (status == null || status == Status.Code.OK) {
                throw new IllegalArgumentException("status must be an error code, was " + status);
            }
            this.code = status;
            return this;
        }

        /**
         * Holds faulted calls before answering (or failing) them: a slow backend.
         *
         * @param d the delay, zero or more (at most one minute)
         * @return this builder
         * @throws IllegalArgumentException when the delay is {@code null}, negative or over a minute
         */
        public Builder delay(Duration d) {
            if (d == null || d.isNegative() || d.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("delay must be between 0 and 1 minute, was " + d);
            }
            this.delay = d;
            return this;
        }

        /**
         * Lets the first matching calls pass before the fault applies. Default 0.
         *
         * @param calls zero or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder after(int calls) {
            if (calls < 0) {
                throw new IllegalArgumentException("calls must be zero or more, was " + calls);
            }
            this.after = calls;
            return this;
        }

        /**
         * Applies the fault to this many matching calls, then lets calls pass. Default: every call.
         *
         * @param calls one or more
         * @return this builder
         * @throws IllegalArgumentException when less than one
         */
        public Builder times(int calls) {
            if (calls < 1) {
                throw new IllegalArgumentException("calls must be one or more, was " + calls);
            }
            this.times = calls;
            return this;
        }

        /**
         * Builds the fault.
         *
         * @return the immutable fault
         * @throws IllegalStateException when neither a status nor a delay was given
         */
        public FirestoreFault build() {
            if (code == null && delay.isZero()) {
                throw new IllegalStateException("a fault needs fail(code) or delay(duration)");
            }
            return new FirestoreFault(this);
        }
    }
}
