package io.headroom.spring.autoconfigure;

import io.headroom.cache.CacheConfig;
import io.headroom.cache.Codec;
import io.headroom.counter.CounterConfig;
import io.headroom.notify.DispatchConfig;
import io.headroom.page.CursorKeys;
import io.headroom.page.PaginatorConfig;
import io.headroom.presence.PresenceConfig;
import io.headroom.presence.SessionConfig;
import io.headroom.presence.TypingConfig;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.ratelimit.BlockedKeyCache;
import io.headroom.ratelimit.RateLimitConfig;
import io.headroom.search.SearchConfig;
import io.headroom.spring.cache.SerializingCodec;
import java.util.Base64;
import java.util.List;

/**
 * Turns each primitive's bound properties into its SDK config, so every rule the SDK checks becomes a startup
 * failure naming the property ({@link PropertyChecks}). Settings left unset keep the SDK's defaults.
 */
final class PrimitiveConfigs {

    private PrimitiveConfigs() {
    }

    static RateLimitConfig rateLimit(String name, RateLimitProperties.Limiter p) {
        PropertyChecks checks = PropertyChecks.under("headroom.rate-limit.limiters." + name);
        RateLimitConfig.Builder b = RateLimitConfig.builder();
        checks.set("name", name, b::name);
        if (p.bandwidths().isEmpty()) {
            throw checks.invalid("bandwidths", null, "a rate limiter needs at least one bandwidth, e.g. "
                    + checks.name("bandwidths[0]") + "=100/1m");
        }
        List<Bandwidth> bandwidths = p.bandwidths();
        for (int i = 0; i < bandwidths.size(); i++) {
            checks.set("bandwidths[" + i + "]", bandwidths.get(i), b::bandwidth);
        }
        checks.set("algorithm", p.algorithm(), b::algorithm);
        checks.set("outage-policy", p.outagePolicy(), b::outagePolicy);
        checks.set("expected-instances", p.expectedInstances(), b::expectedInstances);
        RateLimitProperties.BlockedKeys blocked = p.blockedKeyCache();
        if (blocked != null) {
            BlockedKeyCache d = BlockedKeyCache.ofDefaults();
            BlockedKeyCache cache;
            try {
                cache = new BlockedKeyCache(blocked.enabled() == null ? d.enabled() : blocked.enabled(),
                        blocked.maximumSize() == null ? d.maximumSize() : blocked.maximumSize(),
                        blocked.maxBlock() == null ? d.maxBlock() : blocked.maxBlock());
            } catch (IllegalArgumentException e) {
                // the record's two rules start with the component's name
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("maxBlock")) {
                    throw checks.invalid("blocked-key-cache.max-block", blocked.maxBlock(), message);
                }
                throw checks.invalid("blocked-key-cache.maximum-size", blocked.maximumSize(), message);
            }
            checks.set("blocked-key-cache", cache, b::blockedKeyCache);
        }
        checks.set("limits-refresh", p.limitsRefresh(), b::limitsRefresh);
        return checks.build(b::build);
    }

    static CounterConfig counter(String name, CounterProperties.Counter p) {
        PropertyChecks checks = PropertyChecks.under("headroom.counter.counters." + name);
        CounterConfig.Builder b = CounterConfig.builder();
        checks.set("name", name, b::name);
        checks.set("shards", p.shards(), b::shards);
        checks.set("ttl", p.ttl(), b::ttl);
        checks.set("coalescing-window", p.coalescingWindow(), b::coalescingWindow);
        checks.set("flush-timeout", p.flushTimeout(), b::flushTimeout);
        checks.set("outage-policy", p.outagePolicy(), b::outagePolicy);
        return checks.build(b::build);
    }

    /** The cache's config; {@code remote} adds the codec a shared tier needs. */
    static CacheConfig<Object> cache(String name, CacheProperties.Cache p, boolean remote) {
        PropertyChecks checks = PropertyChecks.under("headroom.cache.caches." + name);
        CacheConfig.Builder<Object> b = CacheConfig.builder();
        checks.set("name", name, b::name);
        checks.set("ttl", p.ttl(), b::ttl);
        checks.set("soft-ttl", p.softTtl(), b::softTtl);
        checks.set("jitter", p.jitter(), b::jitter);
        checks.set("negative-ttl", p.negativeTtl(), b::negativeTtl);
        checks.set("maximum-size", p.maximumSize(), b::maximumSize);
        checks.set("outage-policy", p.outagePolicy(), b::outagePolicy);
        if (remote) {
            @SuppressWarnings("unchecked")
            Codec<Object> codec = p.codec() == CacheProperties.ValueCodec.STRING
                    ? (Codec<Object>) (Codec<?>) Codec.string() : SerializingCodec.instance();
            return checks.build(() -> b.codec(codec).build());
        }
        return checks.build(b::build);
    }

    static PaginatorConfig paginator(String name, PaginationProperties.Paginator p) {
        PropertyChecks checks = PropertyChecks.under("headroom.pagination.paginators." + name);
        PaginatorConfig.Builder b = PaginatorConfig.builder();
        checks.set("name", name, b::name);
        checks.set("default-page-size", p.defaultPageSize(), b::defaultPageSize);
        checks.set("max-page-size", p.maxPageSize(), b::maxPageSize);
        checks.set("encrypt-cursors", p.encryptCursors(), b::encryptCursors);
        checks.set("cursor-ttl", p.cursorTtl(), b::cursorTtl);
        if (!p.cursorKeys().isEmpty()) {
            b.cursorKeys(cursorKeys(checks, p.cursorKeys()));
        }
        return checks.build(b::build);
    }

    /** The first key signs; the others still verify (rotation). */
    static CursorKeys cursorKeys(PropertyChecks checks, List<PaginationProperties.CursorKey> keys) {
        CursorKeys set = null;
        for (int i = keys.size() - 1; i >= 0; i--) {
            PaginationProperties.CursorKey k = keys.get(i);
            String at = "cursor-keys[" + i + "]";
            if (k.id() == null || k.secret() == null) {
                throw checks.invalid(at, k, "a cursor key needs an id and a secret (base64)");
            }
            byte[] secret;
            try {
                secret = decode(k.secret());
            } catch (IllegalArgumentException e) {
                throw checks.invalid(at + ".secret", "***", "the secret must be base64 (standard or URL-safe)");
            }
            try {
                set = set == null ? CursorKeys.of(k.id(), secret) : set.rotate(k.id(), secret);
            } catch (IllegalArgumentException e) {
                // the rule names the id or the secret's length, never the secret itself
                throw checks.invalid(at, k, e);
            }
        }
        return set;
    }

    private static byte[] decode(String secret) {
        String s = secret.trim();
        return s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
    }

    static SearchConfig search(String name, SearchProperties.Index p) {
        PropertyChecks checks = PropertyChecks.under("headroom.search.indexes." + name);
        SearchConfig.Builder b = SearchConfig.builder();
        checks.set("name", name, b::name);
        checks.set("default-page-size", p.defaultPageSize(), b::defaultPageSize);
        checks.set("max-page-size", p.maxPageSize(), b::maxPageSize);
        checks.set("cursor-ttl", p.cursorTtl(), b::cursorTtl);
        return checks.build(b::build);
    }

    static DispatchConfig dispatch(String name, DispatchProperties.Dispatcher p) {
        PropertyChecks checks = PropertyChecks.under("headroom.dispatch.dispatchers." + name);
        DispatchConfig.Builder b = DispatchConfig.builder();
        checks.set("name", name, b::name);
        checks.set("collapse-window", p.collapseWindow(), b::collapseWindow);
        checks.set("max-batch-size", p.maxBatchSize(), b::maxBatchSize);
        checks.set("max-batch-delay", p.maxBatchDelay(), b::maxBatchDelay);
        checks.set("per-recipient-rate", p.perRecipientRate(), b::perRecipientRate);
        checks.set("max-attempts", p.maxAttempts(), b::maxAttempts);
        checks.set("buffer-capacity", p.bufferCapacity(), b::bufferCapacity);
        checks.set("close-timeout", p.closeTimeout(), b::closeTimeout);
        return checks.build(b::build);
    }

    static PresenceConfig presence(String name, PresenceProperties.Tracker p) {
        PropertyChecks checks = PropertyChecks.under("headroom.presence.trackers." + name);
        PresenceConfig.Builder b = PresenceConfig.builder();
        checks.set("name", name, b::name);
        checks.set("ttl", p.ttl(), b::ttl);
        checks.set("sweep-interval", p.sweepInterval(), b::sweepInterval);
        checks.set("last-seen-retention", p.lastSeenRetention(), b::lastSeenRetention);
        checks.set("max-bulk", p.maxBulk(), b::maxBulk);
        checks.set("outage-policy", p.outagePolicy(), b::outagePolicy);
        return checks.build(b::build);
    }

    static TypingConfig typing(String name, TypingProperties.Indicator p) {
        PropertyChecks checks = PropertyChecks.under("headroom.typing.indicators." + name);
        TypingConfig.Builder b = TypingConfig.builder();
        checks.set("name", name, b::name);
        checks.set("ttl", p.ttl(), b::ttl);
        checks.set("max-typers", p.maxTypers(), b::maxTypers);
        checks.set("outage-policy", p.outagePolicy(), b::outagePolicy);
        return checks.build(b::build);
    }

    static SessionConfig sessions(String name, SessionProperties.Store p) {
        PropertyChecks checks = PropertyChecks.under("headroom.sessions.stores." + name);
        SessionConfig.Builder b = SessionConfig.builder();
        checks.set("name", name, b::name);
        checks.set("idle-timeout", p.idleTimeout(), b::idleTimeout);
        checks.set("max-lifetime", p.maxLifetime(), b::maxLifetime);
        checks.set("max-per-user", p.maxPerUser(), b::maxPerUser);
        checks.set("max-data-entries", p.maxDataEntries(), b::maxDataEntries);
        checks.set("outage-policy", p.outagePolicy(), b::outagePolicy);
        return checks.build(b::build);
    }
}
