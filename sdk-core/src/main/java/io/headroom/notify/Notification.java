package io.headroom.notify;

import io.headroom.internal.Arguments;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One push notification for one device: its token, an optional collapse key, title, body, data, priority and
 * time to live; plus how many submitted notifications it stands for after collapsing.
 *
 * <p>Two notifications with the same {@link #token()} and the same non-null {@link #collapseKey()} collapse in a
 * {@link NotificationDispatcher}: the latest replaces the pending one and {@link #collapsedCount()} counts both
 * (a provider can show "5 new messages"). Notifications without a collapse key never collapse.
 *
 * <p>Rules, checked by the compact constructor with an {@link IllegalArgumentException} naming the argument:
 * {@code token} 1 to {@value #MAX_TOKEN_LENGTH} characters of {@code [A-Za-z0-9_.:-]} (the shape of FCM and APNs
 * tokens; no spaces, quotes or slashes, so a pasted header or JSON fragment fails here); {@code collapseKey}
 * {@code null} or 1 to {@value #MAX_COLLAPSE_KEY_LENGTH} characters; {@code title} and {@code body} non-null,
 * together at most {@value #MAX_TEXT_LENGTH} characters; at most {@value #MAX_DATA_ENTRIES} data entries with
 * non-empty keys and non-null <em>string</em> values, no key reserved by FCM ({@code from}, {@code message_type},
 * {@code notification}, or starting with {@code google.} or {@code gcm.}); title, body, collapse key and data
 * keys and values together at most {@value #MAX_PAYLOAD_BYTES} bytes of UTF-8 (FCM's payload limit);
 * {@code ttl} between 0 and {@link #MAX_TTL} (FCM's range); {@code collapsedCount} at least 1. So a notification
 * the push service would refuse fails when it is built, before anything is sent. Immutable and thread-safe;
 * {@link #data()} is an unmodifiable copy in insertion order.
 *
 * @param token the device registration token (the recipient)
 * @param collapseKey notifications sharing token and collapse key replace each other; {@code null} for none
 * @param title the title, may be empty
 * @param body the body, may be empty
 * @param data extra key/value pairs for the app
 * @param priority the delivery priority
 * @param ttl how long the provider should keep trying to reach the device; zero means "now or never"
 * @param collapsedCount how many submitted notifications this one represents, 1 unless collapsed
 * @param dedupId {@code null}, or 1 to {@value #MAX_COLLAPSE_KEY_LENGTH} characters (e.g. the chat message id): a
 *     dispatcher accepts one notification per (dedup id, token) within its {@link DispatchConfig#dedupWindow()}
 *     and drops later ones, so a retried trigger never pushes twice
 */
public record Notification(String token, @Nullable String collapseKey, String title, String body,
                           Map<String, String> data, Priority priority, Duration ttl, int collapsedCount,
                           @Nullable String dedupId) {

    /** The longest device token accepted (FCM tokens are about 160 characters). */
    public static final int MAX_TOKEN_LENGTH = 1024;
    /** The longest collapse key accepted. */
    public static final int MAX_COLLAPSE_KEY_LENGTH = 256;
    /** The most characters of title plus body (FCM's whole payload limit is 4 KB). */
    public static final int MAX_TEXT_LENGTH = 4000;
    /** The most bytes of UTF-8 in title, body, collapse key and data keys and values together (FCM: 4 KB). */
    public static final int MAX_PAYLOAD_BYTES = 4096;
    /** The most data entries. */
    public static final int MAX_DATA_ENTRIES = 64;
    /** The longest time to live (FCM's maximum: 28 days). */
    public static final Duration MAX_TTL = Duration.ofDays(28);
    /** The default time to live: 1 hour. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    /** Delivery priority, mapped to the provider's own (FCM: {@code NORMAL} / {@code HIGH}). */
    public enum Priority {
        /** May be delayed by the device to save battery. */
        NORMAL,
        /** Wakes the device; for chat messages a user waits for. */
        HIGH
    }

    /**
     * Validates and copies the fields.
     *
     * @param token the device registration token
     * @param collapseKey the collapse key, or {@code null}
     * @param title the title
     * @param body the body
     * @param data extra key/value pairs, copied
     * @param priority the priority
     * @param ttl the time to live
     * @param collapsedCount how many submitted notifications this one represents
     * @param dedupId the dedup id, or {@code null}
     * @throws IllegalArgumentException when a field breaks its rule
     */
    public Notification {
        if (dedupId != null && (dedupId.isEmpty() || dedupId.length() > MAX_COLLAPSE_KEY_LENGTH)) {
            throw new IllegalArgumentException("dedupId must be null or 1 to " + MAX_COLLAPSE_KEY_LENGTH
                    + " characters, was " + dedupId.length() + " characters");
        }
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("token must be 1 to " + MAX_TOKEN_LENGTH + " characters, was "
                    + (token == null ? "null" : token.length() + " characters"));
        }
        for (int i = 0; i < token.length(); i++) {
            if (!tokenChar(token.charAt(i))) {
                throw new IllegalArgumentException("token must consist of [A-Za-z0-9_.:-], has '"
                        + printable(token.charAt(i)) + "' at index " + i);
            }
        }
        if (collapseKey != null && (collapseKey.isEmpty() || collapseKey.length() > MAX_COLLAPSE_KEY_LENGTH)) {
            throw new IllegalArgumentException("collapseKey must be null or 1 to " + MAX_COLLAPSE_KEY_LENGTH
                    + " characters, was " + collapseKey.length() + " characters");
        }
        Arguments.notNull(title, "title");
        Arguments.notNull(body, "body");
        if (title.length() + body.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("title and body must be at most " + MAX_TEXT_LENGTH
                    + " characters together, were " + (title.length() + body.length()));
        }
        Arguments.notNull(data, "data");
        if (data.size() > MAX_DATA_ENTRIES) {
            throw new IllegalArgumentException("data must have at most " + MAX_DATA_ENTRIES + " entries, had "
                    + data.size());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        long bytes = utf8Length(title) + utf8Length(body) + (collapseKey == null ? 0 : utf8Length(collapseKey));
        // iterated untyped: a map filled through raw types may hold non-strings, which FCM refuses
        for (Map.Entry<?, ?> e : ((Map<?, ?>) data).entrySet()) {
            Object k = e.getKey();
            Object v = e.getValue();
            if (!(k instanceof String key) || key.isEmpty()) {
                throw new IllegalArgumentException("data keys must be non-empty strings, was "
                        + (k == null ? "null" : k instanceof String ? "\"\"" : k.getClass().getName()));
            }
            if (!(v instanceof String value)) {
                throw new IllegalArgumentException("data value of key '" + key + "' must be a string, was "
                        + (v == null ? "null" : v.getClass().getName()));
            }
            if (reservedKey(key)) {
                throw new IllegalArgumentException("data key '" + key + "' is reserved by FCM (from, message_type, "
                        + "notification, google.*, gcm.*)");
            }
            bytes += utf8Length(key) + utf8Length(value);
            copy.put(key, value);
        }
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload (title, body, collapseKey, data) must be at most "
                    + MAX_PAYLOAD_BYTES + " bytes of UTF-8, was " + bytes);
        }
        data = java.util.Collections.unmodifiableMap(copy);
        Arguments.notNull(priority, "priority");
        Arguments.notNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be between 0 and " + MAX_TTL + ", was " + ttl);
        }
        if (collapsedCount < 1) {
            throw new IllegalArgumentException("collapsedCount must be at least 1, was " + collapsedCount);
        }
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == ':' || c == '.';
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static boolean reservedKey(String key) {
        return key.equals("from") || key.equals("message_type") || key.equals("notification")
                || key.startsWith("google.") || key.startsWith("gcm.");
    }

    // UTF-8 length without encoding (this runs for every notification built)
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * Starts a notification for the device {@code token}.
     *
     * @param token the device registration token; checked by {@link Builder#build()}
     * @return a builder with empty title and body, no collapse key, no data, {@link Priority#HIGH} and
     *     {@link #DEFAULT_TTL}; not thread-safe
     */
    public static Builder to(String token) {
        return new Builder(token);
    }

    /**
     * Returns this notification standing for {@code count} submitted ones; used by dispatchers when collapsing.
     *
     * @param count at least 1
     * @return a copy with {@link #collapsedCount()} set
     * @throws IllegalArgumentException when {@code count} is below 1
     */
    public Notification withCollapsedCount(int count) {
        return count == collapsedCount ? this
                : new Notification(token, collapseKey, title, body, data, priority, ttl, count, dedupId);
    }

    /** Builds a {@link Notification}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final String token;
        private @Nullable String collapseKey;
        private String title = "";
        private String body = "";
        private final Map<String, String> data = new LinkedHashMap<>();
        private Priority priority = Priority.HIGH;
        private Duration ttl = DEFAULT_TTL;
        private @Nullable String dedupId;

        private Builder(String token) {
            this.token = token;
        }

        /**
         * Sets the collapse key. Default none.
         *
         * @param collapseKey e.g. {@code "chat:42"}, or {@code null}
         * @return this builder
         */
        public Builder collapseKey(@Nullable String collapseKey) {
            this.collapseKey = collapseKey;
            return this;
        }

        /**
         * Sets the title. Default empty.
         *
         * @param title the title
         * @return this builder
         */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /**
         * Sets the body. Default empty.
         *
         * @param body the body
         * @return this builder
         */
        public Builder body(String body) {
            this.body = body;
            return this;
        }

        /**
         * Adds one data entry.
         *
         * @param key non-empty
         * @param value non-null
         * @return this builder
         */
        public Builder data(String key, String value) {
            data.put(key, value);
            return this;
        }

        /**
         * Sets the dedup id: one notification per (dedup id, token) is accepted within the dispatcher's
         * {@link DispatchConfig#dedupWindow()}. Default none.
         *
         * @param dedupId e.g. the chat message id, or {@code null}
         * @return this builder
         */
        public Builder dedupId(@Nullable String dedupId) {
            this.dedupId = dedupId;
            return this;
        }

        /**
         * Sets the priority. Default {@link Priority#HIGH}.
         *
         * @param priority the priority
         * @return this builder
         */
        public Builder priority(Priority priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Sets the time to live. Default {@link Notification#DEFAULT_TTL}.
         *
         * @param ttl between 0 and {@link Notification#MAX_TTL}
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the notification, with {@code collapsedCount} 1
         * @throws IllegalArgumentException when a field breaks its rule
         */
        public Notification build() {
            return new Notification(token, collapseKey, title, body, data, priority, ttl, 1, dedupId);
        }
    }
}
