package io.headroom.redis.internal;

/**
 * Every Redis key and channel name of the presence, typing and session primitives, built in this one place (so
 * the shared key scheme can replace it in one edit). The part in braces is the hash tag: everything a script
 * touches in one call shares it, so the scripts run unchanged on Redis Cluster. Immutable and thread-safe.
 *
 * <p>Layout, after the configured prefix: {@code presence:<name>:{<user>}} (a user's devices),
 * {@code presence:<name>:sweep:{<n>}} (sweep shard {@code n}), channel {@code presence:<name>:changes},
 * {@code typing:<name>:{<chat>}}, {@code session:<name>:{<token hash>}} and {@code sessions:<name>:{<user>}}
 * (a user's session index).
 */
public final class PresenceKeys {

    private final String prefix;

    /**
     * Creates the key scheme for one primitive instance.
     *
     * @param keyPrefix the configured prefix (may be empty)
     * @param kind {@code "presence"}, {@code "typing"} or {@code "session"}
     * @param name the instance's configured name
     */
    public PresenceKeys(String keyPrefix, String kind, String name) {
        this.prefix = keyPrefix + kind + ":" + name + ":";
    }

    /**
     * The key of one id's state (a presence user, a typing chat, a session record).
     *
     * @param id the user, chat or token hash
     * @return the key, hash-tagged by {@code id}
     */
    public String of(String id) {
        return prefix + "{" + id + "}";
    }

    /**
     * The key of a secondary set of the instance (a sweep shard, a user's session index).
     *
     * @param set what the set holds, e.g. {@code "sweep"}
     * @param id the shard number or user, the hash tag
     * @return the key
     */
    public String set(String set, String id) {
        return prefix + set + ":{" + id + "}";
    }

    /**
     * The instance's pub/sub channel.
     *
     * @return the channel name
     */
    public String channel() {
        return prefix + "changes";
    }
}
