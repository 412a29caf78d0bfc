package io.headroom.redis;

import io.headroom.internal.Arguments;
import io.headroom.redis.internal.RedisKeys;

/**
 * Every Redis key of the durable notification queue, built in this one place on the shared injective layout of
 * {@link RedisKeys} ({@code pushqueue:<name>:{<shard>}:stream}, {@code ...:dead}, {@code ...:dedup:<id>:<token>}
 * with id and token escaped). All keys of one shard share the hash tag {@code {<shard>}}, so the scripts that touch a stream, its dead letters and its dedup keys stay in
 * one hash slot on Redis Cluster; different shards spread over the cluster.
 */
final class NotifyStreamKeys {

    private final String prefix;
    private final String name;
    private final int shards;

    NotifyStreamKeys(String prefix, String name, int shards) {
        this.prefix = prefix;
        this.name = name;
        this.shards = shards;
    }

    private String tag(int shard) {
        return RedisKeys.slotted(prefix, RedisKeys.Type.PUSH_QUEUE, name, Integer.toString(shard));
    }

    /** The shard's stream of accepted notifications. */
    String stream(int shard) {
        return RedisKeys.sibling(tag(shard), "stream");
    }

    /** The shard's dead-letter stream. */
    String deadLetters(int shard) {
        return RedisKeys.sibling(tag(shard), "dead");
    }

    /** The dedup key of (dedup id, token), in the token's shard. */
    String dedup(int shard, String dedupId, String token) {
        Arguments.key(dedupId, "dedupId");
        // both parts escaped, so neither holds a ':' and the join stays injective (a token may contain ':')
        return RedisKeys.sibling(tag(shard), "dedup") + ":" + RedisKeys.escape(dedupId) + ":" + RedisKeys.escape(token);
    }

    /** The shard of a device token: a collapse group (same token) always lands in one stream, in order. */
    int shardOf(String token) {
        return Math.floorMod(token.hashCode(), shards);
    }

    int shards() {
        return shards;
    }
}
