package io.headroom.redis;

import io.headroom.internal.Futures;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One instance's subscription to a primitive's change channel: messages go to {@code onMessage}; when Lettuce
 * re-subscribes after a reconnect (changes may have been missed) {@code onResubscribed} runs; when the connection
 * drops, {@code onDisconnected}. A first subscription that fails is retried by {@link #ensure()} (the owner's
 * periodic task). Thread-safe.
 */
final class ChangeSubscription {

    private final StatefulRedisPubSubConnection<String, String> pubSub;
    private final String channel;
    private final Duration timeout;
    private final Consumer<Throwable> failure;
    private final RedisPubSubAdapter<String, String> messages;
    private final RedisConnectionStateListener connectionState;
    private volatile boolean subscribedOnce;

    ChangeSubscription(StatefulRedisPubSubConnection<String, String> pubSub, String channel, Duration timeout,
                       Consumer<String> onMessage, Runnable onResubscribed, Runnable onDisconnected,
                       Consumer<Throwable> failure) {
        this.pubSub = pubSub;
        this.channel = channel;
        this.timeout = timeout.compareTo(Duration.ofSeconds(1)) > 0 ? timeout : Duration.ofSeconds(1);
        this.failure = failure;
        this.messages = new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
                if (channel.equals(ch)) {
                    onMessage.accept(message);
                }
            }

            @Override
            public void subscribed(String ch, long count) {
                if (channel.equals(ch)) {
                    if (subscribedOnce) {
                        onResubscribed.run();
                    }
                    subscribedOnce = true;
                }
            }
        };
        this.connectionState = new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                onDisconnected.run();
            }
        };
    }

    /** Adds the listeners and subscribes, waiting at most the timeout (a failure is retried by {@link #ensure}). */
    void start() {
        pubSub.addListener(messages);
        if (pubSub instanceof RedisChannelHandler<?, ?> handler) {
            handler.addListener(connectionState);
        }
        subscribe();
    }

    /** Subscribes when the first subscription has not succeeded yet. */
    void ensure() {
        if (!subscribedOnce) {
            subscribe();
        }
    }

    private void subscribe() {
        try {
            Futures.orTimeout(pubSub.async().subscribe(channel).toCompletableFuture(), timeout).get();
            subscribedOnce = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure.accept(e);
        }
    }

    /**
     * Whether the connection is open and the channel was subscribed at least once.
     *
     * @return {@code true} when changes can arrive
     */
    boolean live() {
        return subscribedOnce && pubSub.isOpen();
    }

    /** Removes the listeners and unsubscribes. */
    void stop() {
        pubSub.removeListener(messages);
        if (pubSub instanceof RedisChannelHandler<?, ?> handler) {
            handler.removeListener(connectionState);
        }
        if (pubSub.isOpen()) {
            pubSub.async().unsubscribe(channel);
        }
    }
}
