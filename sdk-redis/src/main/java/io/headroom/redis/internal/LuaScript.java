package io.headroom.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script loaded from the class path with its SHA-1 digest, as {@code EVALSHA} needs it. Immutable.
 *
 * @param source the script text
 * @param sha1 its lower-case hex SHA-1
 */
public record LuaScript(String source, String sha1) {

    /**
     * Loads a script resource next to {@code io.headroom.redis}.
     *
     * @param resource the resource name, e.g. {@code "ratelimit-gcra.lua"}
     * @return the script
     * @throws IllegalStateException when the resource is missing
     */
    public static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/io/headroom/redis/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("script resource missing: " + resource);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(source, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}
