package io.headroom.redis.internal;

/**
 * Every Redis key and channel name of the presence, typing and session primitives, built on the shared injective
 * layout of {@link RedisKeys}. The part in braces is the hash tag: everything a script touches in one call shares
 * it, so the scripts run unchanged on Redis Cluster. Immutable and thread-safe.
 *
 * <p>Layout, after the configured prefix (names and ids escaped as {@link RedisKeys} describes):
 * {@code presence:<name>:{<user>}} (a user's devices), {@code presence:<name>:{sweep:<n>}} (sweep shard
 * {@code n}), channel {@code presence:<name>:changes}, {@code typing:<name>:{<chat>}},
 * {@code session:<name>:{<token hash>}} and {@code session:<name>:{user:<user>}} (a user's session index).
 * A secondary set's hash tag joins its role and id with an unescaped {@code :}, which an escaped id never
 * contains, so it can never equal an id's own key.
 */
public final class PresenceKeys {

    private final String prefix;
    private final RedisKeys.Type type;
    private final String name;

    /**
     * Creates the key scheme for one primitive instance.
     *
     * @param keyPrefix the configured prefix (may be empty)
     * @param type {@link RedisKeys.Type#PRESENCE}, {@link RedisKeys.Type#TYPING} or {@link RedisKeys.Type#SESSION}
     * @param name the instance's configured name
     */
    public PresenceKeys(String keyPrefix, RedisKeys.Type type, String name) {
        this.prefix = keyPrefix;
        this.type = type;
        this.name = name;
    }

    /**
     * The key of one id's state (a presence user, a typing chat, a session record).
     *
     * @param id the user, chat or token hash
     * @return the key, hash-tagged by {@code id}
     */
    public String of(String id) {
        return RedisKeys.slotted(prefix, type, name, id);
    }

    /**
     * The key of a secondary set of the instance (a sweep shard, a user's session index).
     *
     * @param set what the set holds, e.g. {@code "sweep"}
     * @param id the shard number or user
     * @return the key, hash-tagged by {@code set} and {@code id}
     */
    public String set(String set, String id) {
        return RedisKeys.slotted(prefix, type, name, set, id);
    }

    /**
     * The instance's pub/sub channel.
     *
     * @return the channel name
     */
    public String channel() {
        return RedisKeys.global(prefix, type, name, "changes");
    }
}
