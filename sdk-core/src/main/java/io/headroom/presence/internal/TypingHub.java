package io.headroom.presence.internal;

import io.headroom.presence.TypingChange;
import io.headroom.presence.TypingListener;
import io.headroom.presence.TypingWatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchers of one typing instance: the instance-level fan-out shared by every backend, the typing twin of
 * {@link WatchHub}. The backend signals "this chat changed" once per change ({@link #onChange}); the hub re-reads
 * the chat once for all its local watchers (at most one read in flight per chat: signals that arrive meanwhile
 * collapse into one more read, so the final state is always read), drops answers equal to the last one, and
 * delivers the rest on one dispatch executor. Indicators expire without any signal, so the owner calls
 * {@link #refresh()} every watch interval: it re-reads only the chats someone was last seen typing in.
 * Thread-safe: state is guarded by one lock; reads and listeners run outside it.
 */
public final class TypingHub {

    private static final Logger LOG = LoggerFactory.getLogger(TypingHub.class);

    private final Function<String, CompletionStage<List<String>>> reader;
    private final Executor executor;
    private final Object lock = new Object();
    private final Map<String, Chat> chats = new HashMap<>();
    private long watchers;

    /**
     * Creates a hub.
     *
     * @param reader the backend's read of one chat (answering the outage policy's value rather than failing)
     * @param executor runs deliveries, one at a time (a single-threaded executor)
     */
    public TypingHub(Function<String, CompletionStage<List<String>>> reader, Executor executor) {
        this.reader = reader;
        this.executor = executor;
    }

    /** The state of one locally watched chat; guarded by the hub's lock. */
    private static final class Chat {
        final Set<Watcher> watchers = new LinkedHashSet<>();
        final Set<Watcher> awaiting = new LinkedHashSet<>();
        @Nullable List<String> last;
        boolean reading;
        boolean again;
    }

    /** One watch. */
    private final class Watcher implements TypingWatch {
        final Set<String> ids;
        final TypingListener listener;
        volatile boolean closed;

        Watcher(Set<String> ids, TypingListener listener) {
            this.ids = ids;
            this.listener = listener;
        }

        @Override
        public Set<String> chatIds() {
            return ids;
        }

        @Override
        public void close() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                watchers--;
                for (String id : ids) {
                    Chat c = chats.get(id);
                    if (c != null && c.watchers.remove(this)) {
                        c.awaiting.remove(this);
                        if (c.watchers.isEmpty()) {
                            chats.remove(id);
                        }
                    }
                }
            }
        }

        void deliver(TypingChange change) {
            if (closed) {
                return;
            }
            try {
                listener.onChange(change);
            } catch (RuntimeException e) {
                LOG.warn("typing listener failed on chat {}: {}", change.chatId(), e.toString());
            }
        }

        @Override
        public String toString() {
            return "TypingWatch[" + ids.size() + " chats]";
        }
    }

    /**
     * Registers a watch: chats already watched here get their snapshot from the hub's current state (no backend
     * call); the others are read, at most one read in flight per chat.
     *
     * @param ids the chats, already checked
     * @param listener the listener
     * @return the watch
     */
    public TypingWatch watch(Set<String> ids, TypingListener listener) {
        Watcher w = new Watcher(ids, listener);
        List<String> toRead = new ArrayList<>();
        synchronized (lock) {
            watchers++;
            List<TypingChange> known = new ArrayList<>();
            for (String id : ids) {
                Chat c = chats.computeIfAbsent(id, k -> new Chat());
                c.watchers.add(w);
                if (c.last != null && !c.reading) {
                    known.add(new TypingChange(id, c.last, true));
                } else {
                    c.awaiting.add(w);
                    if (!c.reading) {
                        c.reading = true;
                        toRead.add(id);
                    }
                }
            }
            if (!known.isEmpty()) {
                run(() -> known.forEach(w::deliver));
            }
        }
        toRead.forEach(this::read);
        return w;
    }

    /**
     * Signals that {@code chatId} changed (from the backend's change stream); ignored when nobody here watches it.
     *
     * @param chatId the chat
     */
    public void onChange(String chatId) {
        if (claim(chatId, false)) {
            read(chatId);
        }
    }

    /** Re-reads every watched chat someone was last seen typing in, so expired indicators are noticed. */
    public void refresh() {
        List<String> ids = new ArrayList<>();
        synchronized (lock) {
            chats.forEach((id, c) -> {
                if (c.last != null && !c.last.isEmpty()) {
                    ids.add(id);
                }
            });
        }
        ids.forEach(this::onChange);
    }

    /** Reads every watched chat again and delivers a fresh snapshot to every watch (the stream was lost). */
    public void resync() {
        List<String> ids;
        synchronized (lock) {
            ids = new ArrayList<>(chats.keySet());
        }
        for (String id : ids) {
            if (claim(id, true)) {
                read(id);
            }
        }
    }

    /** Marks a read of {@code id} due; {@code true} when the caller must start it (none is in flight). */
    private boolean claim(String id, boolean snapshot) {
        synchronized (lock) {
            Chat c = chats.get(id);
            if (c == null) {
                return false;
            }
            if (snapshot) {
                c.awaiting.addAll(c.watchers);
            }
            if (c.reading) {
                c.again = true; // the read in flight may predate this change: read once more after it
                return false;
            }
            c.reading = true;
            return true;
        }
    }

    private void read(String id) {
        CompletionStage<List<String>> stage;
        try {
            stage = reader.apply(id);
        } catch (RuntimeException e) {
            stage = java.util.concurrent.CompletableFuture.completedFuture(List.of());
        }
        stage.whenComplete((typers, error) -> merge(id, error == null && typers != null ? typers : List.of()));
    }

    private void merge(String id, List<String> typers) {
        boolean again;
        synchronized (lock) {
            Chat c = chats.get(id);
            if (c == null) {
                return;
            }
            List<String> now = List.copyOf(typers);
            boolean changed = c.last != null && !c.last.equals(now);
            c.last = now;
            List<Watcher> snap = new ArrayList<>(c.awaiting);
            c.awaiting.clear();
            List<Watcher> told = new ArrayList<>();
            if (changed) {
                for (Watcher w : c.watchers) {
                    if (!snap.contains(w)) {
                        told.add(w);
                    }
                }
            }
            if (!snap.isEmpty() || !told.isEmpty()) {
                TypingChange snapshot = new TypingChange(id, now, true);
                TypingChange change = new TypingChange(id, now, false);
                run(() -> {
                    snap.forEach(w -> w.deliver(snapshot));
                    told.forEach(w -> w.deliver(change));
                });
            }
            again = c.again;
            c.again = false;
            c.reading = again;
        }
        if (again) {
            read(id);
        }
    }

    private void run(Runnable delivery) {
        try {
            executor.execute(delivery);
        } catch (RuntimeException e) { // executor shut down: the owner is closing
            LOG.debug("typing delivery dropped: {}", e.toString());
        }
    }

    /**
     * How many watches are open.
     *
     * @return the count
     */
    public long watches() {
        synchronized (lock) {
            return watchers;
        }
    }
}
