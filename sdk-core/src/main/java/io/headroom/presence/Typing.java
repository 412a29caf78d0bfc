package io.headroom.presence;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * "Typing…" indicators: {@link #typing} shows a user as typing in a chat for {@link TypingConfig#ttl()}
 * (default 5 s; clients repeat it every couple of seconds while the user types), {@link #stopped} clears it at
 * once (call it when the user's message is sent), and {@link #typingIn} reads who is typing. An indicator always
 * clears by itself after the TTL, crash or not; every stored key expires.
 *
 * <pre>{@code
 * Typing typing = Typing.inMemory(TypingConfig.ofDefaults());   // or RedisTyping.create(...)
 * typing.typing(chatId, userId);                                 // on keystrokes, throttled client-side
 * typing.stopped(chatId, userId);                                // when the message is sent
 * List<String> who = typing.typingIn(chatId);
 * }</pre>
 *
 * <p>Arguments are checked before any I/O ({@link IllegalArgumentException} naming the argument, also from the
 * async forms). After {@link #close()} every call throws {@link io.headroom.ClosedException}. Outages follow
 * {@link TypingOutagePolicy}. Thread-safe.
 */
public interface Typing extends AutoCloseable {

    /**
     * Creates the embedded, in-memory typing indicators on the system UTC clock.
     *
     * @param config the configuration
     * @return a new instance
     * @throws IllegalArgumentException when {@code config} is {@code null}
     */
    static Typing inMemory(TypingConfig config) {
        return InMemoryTyping.create(config, Clock.systemUTC());
    }

    /**
     * Creates the embedded, in-memory typing indicators reading time from {@code clock}.
     *
     * @param config the configuration
     * @param clock the time source
     * @return a new instance
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static Typing inMemory(TypingConfig config, Clock clock) {
        return InMemoryTyping.create(config, clock);
    }

    /**
     * Shows {@code userId} as typing in {@code chatId} for the next TTL.
     *
     * @param chatId the chat
     * @param userId the user
     * @throws IllegalArgumentException when an id breaks its rule
     */
    void typing(String chatId, String userId);

    /**
     * Asynchronous form of {@link #typing}.
     *
     * @param chatId the chat
     * @param userId the user
     * @return a stage completing when recorded (or dropped by the outage policy)
     * @throws IllegalArgumentException when an id breaks its rule
     */
    CompletionStage<Void> typingAsync(String chatId, String userId);

    /**
     * Clears {@code userId}'s indicator in {@code chatId} at once: call it when the user's message is sent.
     *
     * @param chatId the chat
     * @param userId the user
     * @throws IllegalArgumentException when an id breaks its rule
     */
    void stopped(String chatId, String userId);

    /**
     * Asynchronous form of {@link #stopped}.
     *
     * @param chatId the chat
     * @param userId the user
     * @return a stage completing when recorded (or dropped by the outage policy)
     * @throws IllegalArgumentException when an id breaks its rule
     */
    CompletionStage<Void> stoppedAsync(String chatId, String userId);

    /**
     * Who is typing in {@code chatId}, most recent first, at most {@link TypingConfig#maxTypers()}.
     *
     * @param chatId the chat
     * @return an unmodifiable list of user ids; empty during an outage
     * @throws IllegalArgumentException when the id breaks its rule
     */
    List<String> typingIn(String chatId);

    /**
     * Asynchronous form of {@link #typingIn}.
     *
     * @param chatId the chat
     * @return a stage completing with the user ids
     * @throws IllegalArgumentException when the id breaks its rule
     */
    CompletionStage<List<String>> typingInAsync(String chatId);

    /**
     * Watches who is typing in {@code chatIds}: the listener first gets a snapshot event per chat, then an event
     * whenever a chat's typers change, on any instance: someone starts typing, a message is sent
     * ({@link #stopped}), an indicator expires (noticed within {@link TypingConfig#watchInterval()}). A repeated
     * {@code typing} call that changes nothing sends nothing. Changes reach each instance once and are fanned out
     * to all its local watchers; changes of one chat that arrive faster than it can be read collapse into the
     * newest, so every watcher always ends with the chat's final state.
     *
     * @param chatIds the chats, at most {@link TypingConfig#maxWatch()}; duplicates collapse
     * @param listener receives the events
     * @return the watch; close it to stop
     * @throws IllegalArgumentException when an id or the listener breaks its rule
     * @throws IllegalStateException when this instance cannot watch (a Redis typing created without a pub/sub
     *     connection)
     */
    TypingWatch watch(Collection<String> chatIds, TypingListener listener);

    /**
     * The configuration.
     *
     * @return the configuration
     */
    TypingConfig config();

    /**
     * Marks this instance closed (stopping its watches); later calls throw {@link io.headroom.ClosedException}.
     * Idempotent.
     */
    @Override
    void close();
}
