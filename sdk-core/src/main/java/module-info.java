/**
 * Headroom's core: the API of every primitive, their embedded (in-process) implementations, and the SPI a backend
 * module implements.
 *
 * <p>Exported: the API packages {@code io.headroom} and {@code io.headroom.<concern>}, and the SPI
 * {@code io.headroom.spi}. Not exported: {@code io.headroom.internal} and every {@code *.internal} package; the
 * shared implementation there is open only to Headroom's own backend modules, by qualified export.
 */
module io.headroom.core {
    requires transitive org.slf4j;
    requires transitive org.jspecify;
    // Resilience4j and Micrometer are automatic modules with stable names (Automatic-Module-Name in their jars)
    requires com.github.benmanes.caffeine;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.core;
    // optional: only the metrics binders and JacksonCodec touch them. Not 'transitive': javac would then demand
    // them when compiling every module that reads this one; a user of a binder requires Micrometer anyway
    requires static micrometer.core;
    requires static com.fasterxml.jackson.databind;

    exports io.headroom;
    exports io.headroom.cache;
    exports io.headroom.counter;
    exports io.headroom.notify;
    exports io.headroom.page;
    exports io.headroom.presence;
    exports io.headroom.ratelimit;
    exports io.headroom.search;
    exports io.headroom.spi;

    exports io.headroom.internal to
            io.headroom.redis, io.headroom.firestore, io.headroom.fcm, io.headroom.search.lucene, io.headroom.opensearch;
    exports io.headroom.ratelimit.internal to io.headroom.redis;
    exports io.headroom.presence.internal to io.headroom.redis;
    exports io.headroom.notify.internal to io.headroom.redis;
    exports io.headroom.search.internal to io.headroom.search.lucene, io.headroom.opensearch;
}
