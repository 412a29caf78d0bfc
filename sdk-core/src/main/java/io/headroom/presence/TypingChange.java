package io.headroom.presence;

import io.headroom.internal.Arguments;
import java.util.List;

/**
 * One event delivered to a {@link TypingListener}: who is typing in a watched chat, either because it changed
 * (someone started, sent their message, or their indicator expired) or as part of a snapshot (the first event of
 * every watch per chat, and again after the change stream was lost). Immutable.
 *
 * @param chatId the chat
 * @param typers who is typing from now on, newest first, at most {@link TypingConfig#maxTypers()}; unmodifiable
 * @param snapshot {@code true} when this event is part of a snapshot rather than a change
 */
public record TypingChange(String chatId, List<String> typers, boolean snapshot) {

    /**
     * Validates and copies the change.
     *
     * @param chatId the chat
     * @param typers the typers
     * @param snapshot whether part of a snapshot
     * @throws IllegalArgumentException when {@code chatId} or {@code typers} is {@code null}
     */
    public TypingChange {
        Arguments.notNull(chatId, "chatId");
        typers = List.copyOf(Arguments.notNull(typers, "typers"));
    }
}
