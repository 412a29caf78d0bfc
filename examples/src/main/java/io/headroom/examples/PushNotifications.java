package io.headroom.examples;

import io.headroom.notify.DispatchConfig;
import io.headroom.notify.DispatchListener;
import io.headroom.notify.DispatchStats;
import io.headroom.notify.Notification;
import io.headroom.notify.NotificationDispatcher;
import io.headroom.ratelimit.Bandwidth;
import io.headroom.spi.PushProvider;
import io.headroom.spi.SendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Social Connect's chat pushes through Headroom's {@link NotificationDispatcher}: on a chat message, every other
 * member's device gets a push, collapsed per chat ("5 new messages in Hiking club"), batched, rate-limited per
 * device, retried on provider hiccups; unregistered devices are forgotten. {@link #report()} tells pushes
 * requested vs provider calls vs pushes delivered.
 *
 * <p>The default provider ({@link #inMemory()}) is in-process and only counts; production passes
 * {@code FcmPushProvider.create(FcmOptions.of(projectId, credentials::accessToken))} from sdk-fcm instead.
 * Thread-safe.
 */
public final class PushNotifications implements AutoCloseable {

    /**
     * What happened so far.
     *
     * @param pushesRequested notifications the app asked for (one per member per message)
     * @param providerCalls calls of the provider's batch send
     * @param pushesDelivered pushes the provider accepted (after collapsing)
     * @param messagesRepresented notifications those pushes stand for ({@code collapsedCount} summed)
     * @param forgottenDevices device tokens dropped after a permanent failure
     */
    public record Report(long pushesRequested, long providerCalls, long pushesDelivered, long messagesRepresented,
                         int forgottenDevices) {
        @Override
        public String toString() {
            return String.format("pushes requested %d, provider calls %d, pushes delivered %d (standing for %d), "
                            + "devices forgotten %d", pushesRequested, providerCalls, pushesDelivered,
                    messagesRepresented, forgottenDevices);
        }
    }

    private final NotificationDispatcher dispatcher;
    private final Function<String, String> deviceOf;
    private final AtomicLong represented = new AtomicLong();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();

    /**
     * Creates the integration.
     *
     * @param config the dispatcher's configuration (its listener is replaced by this class's)
     * @param provider where pushes go
     * @param deviceOf the device token of a member id
     */
    public PushNotifications(DispatchConfig config, PushProvider provider, Function<String, String> deviceOf) {
        this.deviceOf = deviceOf;
        this.dispatcher = NotificationDispatcher.inMemory(config.toBuilder().listener(new DispatchListener() {
            @Override
            public void onDelivered(Notification n) {
                represented.addAndGet(n.collapsedCount());
            }

            @Override
            public void onTokenInvalid(Notification n, String detail) {
                forgotten.add(n.token()); // only here: the provider said this token is dead (e.g. UNREGISTERED)
            }
        }).build(), provider);
    }

    /**
     * Creates the integration on an in-process provider that only counts, with chat-friendly settings: collapse
     * per chat within 10 s, at most 6 pushes per device per minute.
     *
     * @return the integration
     */
    public static PushNotifications inMemory() {
        return new PushNotifications(chatConfig(), countingProvider(), member -> "device-of-" + member);
    }

    /**
     * The settings Social Connect uses.
     *
     * @return the configuration
     */
    public static DispatchConfig chatConfig() {
        return DispatchConfig.builder().name("social-chat").collapseWindow(Duration.ofSeconds(10))
                .perRecipientRate(Bandwidth.of(6, Duration.ofMinutes(1))).build();
    }

    /**
     * An in-process provider that accepts everything.
     *
     * @return the provider
     */
    public static PushProvider countingProvider() {
        return batch -> {
            List<SendResult> ok = new ArrayList<>(batch.size());
            batch.forEach(n -> ok.add(SendResult.delivered("local")));
            return CompletableFuture.completedFuture(ok);
        };
    }

    /**
     * Notifies every member but the sender of a new chat message.
     *
     * @param chatId the chat
     * @param chatName shown as the title
     * @param senderId who wrote
     * @param memberIds everyone in the chat, the sender included
     * @param text the message
     */
    public void onChatMessage(String chatId, String chatName, String senderId, List<String> memberIds, String text) {
        for (String member : memberIds) {
            if (member.equals(senderId)) {
                continue;
            }
            String device = deviceOf.apply(member);
            if (forgotten.contains(device)) {
                continue;
            }
            dispatcher.submit(Notification.to(device).collapseKey("chat:" + chatId).title(chatName)
                    .body(senderId + ": " + text).data("chatId", chatId).build());
        }
    }

    /** Sends what is buffered now (e.g. at the end of a demo step). */
    public void flush() {
        dispatcher.flush();
    }

    /**
     * Returns the counts so far.
     *
     * @return the report
     */
    public Report report() {
        DispatchStats s = dispatcher.stats();
        return new Report(s.accepted(), s.providerCalls(), s.delivered(), represented.get(), forgotten.size());
    }

    /** Drains and stops the dispatcher. */
    @Override
    public void close() {
        dispatcher.close();
    }

    /**
     * A storm in one busy group chat: 100 members, 50 messages in a burst.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("Social Connect chat storm: " + storm());
    }

    /**
     * Runs the chat storm and prints its section of the Social Connect report.
     *
     * @param out where the section goes
     * @return the storm's figures
     */
    static Report demo(java.io.PrintStream out) {
        Report r = storm();
        out.println();
        out.println("Push notifications (100-member group chat, 50 messages in a burst, collapsed per chat)");
        out.println("  " + r);
        return r;
    }

    private static Report storm() {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            members.add("user-" + i);
        }
        try (PushNotifications pushes = PushNotifications.inMemory()) {
            for (int m = 0; m < 50; m++) {
                pushes.onChatMessage("42", "Hiking club", members.get(m % members.size()), members, "message " + m);
            }
            pushes.flush();
            return pushes.report();
        }
    }
}
