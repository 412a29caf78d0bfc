/**
 * Presence, typing indicators and sessions: {@link io.headroom.presence.Presence} (who is online, with heartbeats,
 * a TTL and instance-level watching), {@link io.headroom.presence.Typing} (who is typing in a chat) and
 * {@link io.headroom.presence.Sessions} (login sessions with hashed tokens, sliding expiry and revocation). Each
 * has an embedded in-memory implementation here and a Redis one in module sdk-redis.
 */
package io.headroom.presence;
