package io.headroom.presence;

import io.headroom.ClosedException;
import io.headroom.internal.Arguments;
import io.headroom.presence.internal.Checks;
import io.headroom.presence.internal.Daemon;
import io.headroom.presence.internal.TypingHub;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The embedded {@link Typing}: per chat, a map of user to indicator expiry (epoch millis, on the injected
 * {@link Clock}). Expired indicators are dropped whenever their chat is touched, and every 1,024th
 * {@code typing} call sweeps all chats, so forgotten chats do not pile up. The first {@link #watch} starts one
 * daemon thread (watch delivery and the expiry re-read every {@link TypingConfig#watchInterval()}), stopped by
 * {@link #close()}; without watches there are no threads. Thread-safe; the async forms complete before they
 * return.
 */
public final class InMemoryTyping implements Typing {

    private final TypingConfig config;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Map<String, Long>> chats = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;
    private @Nullable Daemon daemon;
    private volatile @Nullable TypingHub hub;

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
        boolean[] started = new boolean[1];
        chats.compute(chatId, (k, typers) -> {
            Map<String, Long> m = typers == null ? new ConcurrentHashMap<>() : typers;
            m.values().removeIf(e -> e <= now);
            started[0] = m.put(userId, now + ttlMillis) == null; // a refresh that changes nothing tells nobody
            return m;
        });
        if (started[0]) {
            changed(chatId);
        }
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
        long now = clock.millis();
        boolean[] ended = new boolean[1];
        chats.computeIfPresent(chatId, (k, typers) -> {
            Long until = typers.remove(userId);
            ended[0] = until != null && until > now;
            return typers.isEmpty() ? null : typers;
        });
        if (ended[0]) {
            changed(chatId);
        }
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

    private void changed(String chatId) {
        TypingHub h = hub;
        if (h != null) {
            h.onChange(chatId);
        }
    }

    @Override
    public TypingWatch watch(Collection<String> chatIds, TypingListener listener) {
        Set<String> ids = Checks.ids(chatIds, config.maxWatch(), "chatIds");
        Arguments.notNull(listener, "listener");
        checkOpen();
        return hub().watch(ids, listener);
    }

    private synchronized TypingHub hub() {
        TypingHub h = hub;
        if (h == null) {
            Daemon d = new Daemon("typing", config.name());
            h = new TypingHub(id -> CompletableFuture.completedFuture(typingIn(id)), d.executor());
            d.every(config.watchInterval(), h::refresh);
            daemon = d;
            hub = h;
            if (closed) {
                d.close();
                checkOpen();
            }
        }
        return h;
    }

    /**
     * How many watches are open on this instance.
     *
     * @return the count
     */
    public long watches() {
        TypingHub h = hub;
        return h == null ? 0 : h.watches();
    }

    @Override
    public TypingConfig config() {
        return config;
    }

    @Override
    public void close() {
        closed = true;
        Daemon d;
        synchronized (this) {
            d = daemon;
        }
        if (d != null) {
            d.close();
        }
    }

    @Override
    public String toString() {
        return "InMemoryTyping[" + config.name() + "]";
    }
}
