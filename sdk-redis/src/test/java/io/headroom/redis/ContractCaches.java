package io.headroom.redis;

import io.headroom.Ticker;
import io.headroom.cache.CacheAside;
import io.headroom.cache.CacheConfig;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the Redis caches the cache-aside contract runs against: instances of one namespace share a key prefix and
 * use different pub/sub connections, as separate application instances would. Also waits for invalidations to
 * reach every instance, by publishing a marker behind them on each namespace's channel.
 */
final class ContractCaches {

    private final RedisBackend backend;
    private final List<StatefulRedisPubSubConnection<String, String>> pubSubs;
    private final List<Set<String>> markersSeen = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Set<Integer>> connectionsByChannel = new ConcurrentHashMap<>();
    private final List<RedisCacheAside<?, ?>> created = new CopyOnWriteArrayList<>();

    ContractCaches(RedisBackend backend, List<StatefulRedisPubSubConnection<String, String>> pubSubs) {
        this.backend = backend;
        this.pubSubs = pubSubs;
        for (StatefulRedisPubSubConnection<String, String> c : pubSubs) {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            markersSeen.add(seen);
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (message.startsWith("m")) {
                        seen.add(message);
                    }
                }
            });
        }
    }

    CacheAside<String, String> create(String namespace, CacheConfig<String> config, Ticker ticker) {
        int i = next.getAndIncrement() % pubSubs.size();
        RedisCacheAside<String, String> cache = RedisCacheAside.<String, String>builder(backend, pubSubs.get(i), config)
                .options(RedisOptions.builder()
                        .keyPrefix("contract:" + namespace + ":")
                        .timeout(Duration.ofSeconds(10)) // a loaded 2-core CI box must not look like an outage
                        .clock(ticker)
                        .build())
                .ticker(ticker)
                .build();
        connectionsByChannel.computeIfAbsent(cache.invalidationChannel(), c -> ConcurrentHashMap.newKeySet()).add(i);
        created.add(cache);
        return cache;
    }

    void awaitPropagation(String namespace, CacheConfig<String> config) {
        String channel = "contract:" + namespace + ":cache:" + config.name() + ":invalidations";
        String marker = "m" + UUID.randomUUID();
        backend.commands().publish(channel, marker).toCompletableFuture().join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i : connectionsByChannel.getOrDefault(channel, Set.of())) {
            while (!markersSeen.get(i).contains(marker)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("invalidations did not reach pub/sub connection " + i + " within 20 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    void closeAll() {
        created.forEach(RedisCacheAside::close);
        created.clear();
    }
}
