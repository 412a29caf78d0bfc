package io.headroom.redis.internal;

/**
 * The one place every Redis key Headroom writes is built, so that the layout is injective across primitives, names
 * and ids: two different (primitive, name, id, role) tuples under one prefix never share a key (documented in
 * {@code docs/redis-keys.md}, proven by {@code RedisKeysProperties}).
 *
 * <pre>
 *   slotted(prefix, type, name, parts...)          = prefix + tag + ":" + esc(name) + ":{" + esc(p1) + ":" + esc(p2) ... + "}"
 *   sibling(slottedKey, role)                      = slottedKey + ":" + role          (same hash slot)
 *   global(prefix, type, name, role)               = prefix + tag + ":" + esc(name) + ":" + role
 * </pre>
 *
 * <ul>
 *   <li>{@code tag} is fixed per primitive ({@link Type}); tags hold no {@code ':'}, so the first {@code ':'}
 *       after the prefix ends the tag and no name can forge another primitive's tag.</li>
 *   <li>{@code esc} replaces {@code '%'}, {@code ':'}, <code>'&#123;'</code> and <code>'&#125;'</code> by {@code %25}, {@code %3A},
 *       {@code %7B} and {@code %7D}: an escaped text holds none of the three delimiters, so the next {@code ':'}
 *       ends the name, parts split at {@code ':'}, and the first <code>'&#125;'</code> closes the hash tag, which is therefore
 *       exactly the escaped parts (the prefix may hold no braces, {@code RedisOptions} checks that).</li>
 *   <li>{@code role} is a constant of lower-case letters, so it never starts with <code>'&#123;'</code> and a global key is
 *       never mistaken for a slotted one.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class RedisKeys {

    /** The primitives that own Redis keys, each with its fixed tag. */
    public enum Type {
        /** {@code RedisRateLimiter}: one hash per key. */
        RATE_LIMIT("ratelimit"),
        /** {@code RedisShardedCounter}: one hash per counter and shard. */
        COUNTER("counter"),
        /** {@code RedisCacheAside}: value and lease hashes, the generation, the invalidation channel. */
        CACHE("cache"),
        /** {@code RedisPaginator}: one sorted set and one payload hash per partition. */
        PAGE("page"),
        /** Presence. */
        PRESENCE("presence"),
        /** Typing indicators. */
        TYPING("typing"),
        /** Sessions. */
        SESSION("session"),
        /** The durable push queue. */
        PUSH_QUEUE("pushqueue");

        private final String tag;

        Type(String tag) {
            this.tag = tag;
        }

        /**
         * The tag that starts this primitive's keys (after the prefix).
         *
         * @return lower-case letters, no {@code ':'}
         */
        public String tag() {
            return tag;
        }
    }

    private RedisKeys() {
    }

    /**
     * A key in the hash slot of its parts: {@code prefix + tag + ":" + esc(name) + ":{" + esc(parts) joined by ":"
     * + "}"}.
     *
     * @param prefix the key prefix ({@code RedisOptions#keyPrefix()}, no braces)
     * @param type the primitive
     * @param name the primitive's name
     * @param parts what identifies the entry (an id; a shard and an id; ...): at least one, not one empty part
     * @return the key
     * @throws IllegalArgumentException when there are no parts, or only one and it is empty
     */
    public static String slotted(String prefix, Type type, String name, String... parts) {
        if (parts.length == 0 || parts.length == 1 && parts[0].isEmpty()) {
            // an empty hash tag {} would make Redis hash the whole key: siblings would land in other slots
            throw new IllegalArgumentException("parts must not be empty (the hash tag would be empty)");
        }
        StringBuilder b = head(prefix, type, name).append('{');
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append(':');
            }
            escape(b, parts[i]);
        }
        return b.append('}').toString();
    }

    /**
     * A second key in the same hash slot as {@code slottedKey}: {@code slottedKey + ":" + role}.
     *
     * @param slottedKey a key made by {@link #slotted}
     * @param role a constant of lower-case letters, e.g. {@code "lease"}, {@code "items"}
     * @return the key
     */
    public static String sibling(String slottedKey, String role) {
        return slottedKey + ':' + role(role);
    }

    /**
     * A key (or channel) with no id, one per primitive instance: {@code prefix + tag + ":" + esc(name) + ":" + role}.
     *
     * @param prefix the key prefix
     * @param type the primitive
     * @param name the primitive's name
     * @param role a constant of lower-case letters, e.g. {@code "generation"}
     * @return the key
     */
    public static String global(String prefix, Type type, String name, String role) {
        return head(prefix, type, name).append(role(role)).toString();
    }

    /**
     * Escapes the delimiters <code>% : &#123; &#125;</code> of a name or part (see the class comment).
     *
     * @param text any text
     * @return the escaped text; the text itself when it holds no delimiter
     */
    public static String escape(String text) {
        return needsEscape(text) ? escape(new StringBuilder(text.length() + 8), text).toString() : text;
    }

    private static StringBuilder head(String prefix, Type type, String name) {
        StringBuilder b = new StringBuilder(prefix.length() + name.length() + 48).append(prefix).append(type.tag)
                .append(':');
        return escape(b, name).append(':');
    }

    private static boolean needsEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == ':' || c == '{' || c == '}') {
                return true;
            }
        }
        return false;
    }

    private static StringBuilder escape(StringBuilder b, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '%' -> b.append("%25");
                case ':' -> b.append("%3A");
                case '{' -> b.append("%7B");
                case '}' -> b.append("%7D");
                default -> b.append(c);
            }
        }
        return b;
    }

    private static String role(String role) {
        if (role.isEmpty()) {
            throw new IllegalArgumentException("role must not be empty");
        }
        for (int i = 0; i < role.length(); i++) {
            char c = role.charAt(i);
            if (c < 'a' || c > 'z') {
                throw new IllegalArgumentException("role must be lower-case letters, was '" + role + "'");
            }
        }
        return role;
    }
}
