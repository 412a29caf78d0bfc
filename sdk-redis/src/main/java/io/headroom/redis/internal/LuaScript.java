package io.headroom.redis.internal;

import io.lettuce.core.codec.Base16;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A Lua script loaded from the class path with its SHA-1 digest, as {@code EVALSHA} needs it: Lettuce's own script
 * digest ({@link Base16#digest(byte[])}, what {@code RedisScriptingAsyncCommands.digest} computes) of the script's
 * UTF-8 bytes, the encoding Lettuce sends scripts in by default. Immutable.
 *
 * @param source the script text
 * @param sha1 its lower-case hex SHA-1
 */
public record LuaScript(String source, String sha1) {

    /**
     * Loads script resources next to {@code io.headroom.redis} and joins them, in order, into one script (so
     * scripts can share a head of common code; Redis has no includes).
     *
     * @param resources the resource names, e.g. {@code "ratelimit-common.lua", "ratelimit-gcra.lua"}
     * @return the script
     * @throws IllegalStateException when a resource is missing
     */
    public static LuaScript load(String... resources) {
        StringBuilder source = new StringBuilder();
        for (String resource : resources) {
            source.append(read(resource));
        }
        return of(source.toString());
    }

    private static String read(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream("/io/headroom/redis/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("script resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LuaScript of(String source) {
        return new LuaScript(source, Base16.digest(source.getBytes(StandardCharsets.UTF_8)));
    }
}
