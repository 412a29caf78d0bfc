package io.headroom.presence;

import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The embedded {@link Typing}: per chat, a map of user to indicator expiry (epoch millis, on the injected
 * {@link Clock}). Expired indicators are dropped whenever their chat is touched, and every 1,024th
 * {@code typing} call sweeps all chats, so forgotten chats do not pile up. No threads. Thread-safe; the async forms complete before they return.
 */
public final class InMemoryTyping implements Typing {

    private final TypingConfig config;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Map<String, Long>> chats = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;

    private InMemoryTyping(TypingConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.ttlMillis = config.ttl().toMillis();
    }

    /**
     * Creates the embedded typing indicators.
     *
     * @param config the configuration
     * @param clock the time source
     * @return the instance
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static InMemoryTyping create(TypingConfig config, Clock clock) {
        return new InMemoryTyping(Arguments.notNull(config, "config"), Arguments.notNull(clock, "clock"));
    }

    private void checkOpen() {
        if (closed) {
            throw ClosedException.of("typing", config.name());
        }
    }

    @Override
    public void typing(String chatId, String userId) {
        Arguments.key(chatId, "chatId");
        Arguments.key(userId, "userId");
        checkOpen();
        long now = clock.millis();
        chats.compute(chatId, (k, typers) -> {
            Map<String, Long> m = typers == null ? new ConcurrentHashMap<>() : typers;
            m.values().removeIf(e -> e <= now);
            m.put(userId, now + ttlMillis);
            return m;
        });
        if ((writes.incrementAndGet() & 1023) == 0) {
            for (String chat : chats.keySet()) {
                chats.computeIfPresent(chat, (k, m) -> {
                    m.values().removeIf(e -> e <= now);
                    return m.isEmpty() ? null : m;
                });
            }
        }
    }

    @Override
    public CompletionStage<Void> typingAsync(String chatId, String userId) {
        typing(chatId, userId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void stopped(String chatId, String userId) {
        Arguments.key(chatId, "chatId");
        Arguments.key(userId, "userId");
        checkOpen();
        chats.computeIfPresent(chatId, (k, typers) -> {
            typers.remove(userId);
            return typers.isEmpty() ? null : typers;
        });
    }

    @Override
    public CompletionStage<Void> stoppedAsync(String chatId, String userId) {
        stopped(chatId, userId);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<String> typingIn(String chatId) {
        Arguments.key(chatId, "chatId");
        checkOpen();
        long now = clock.millis();
        Map<String, Long> typers = chats.get(chatId);
        if (typers == null) {
            return List.of();
        }
        List<Map.Entry<String, Long>> live = new ArrayList<>();
        for (Map.Entry<String, Long> e : typers.entrySet()) {
            if (e.getValue() > now) {
                live.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        live.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return live.stream().limit(config.maxTypers()).map(Map.Entry::getKey).toList();
    }

    @Override
    public CompletionStage<List<String>> typingInAsync(String chatId) {
        return CompletableFuture.completedFuture(typingIn(chatId));
    }

    @Override
    public TypingConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryTyping[" + config.name() + "]";
    }
}
