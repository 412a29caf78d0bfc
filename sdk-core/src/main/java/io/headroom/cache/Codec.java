package io.headroom.cache;

import io.headroom.internal.Arguments;
import java.nio.charset.StandardCharsets;

/**
 * Turns cache values into bytes and back, for tiers that store bytes (Redis) and for the
 * {@linkplain CacheConfig#maxValueBytes() value size limit}.
 *
 * <p>Built in: {@link #string()} (UTF-8), {@link #bytes()} (identity; arrays are copied so cached values stay
 * immutable), and {@link #json(Class)} (Jackson, usable when {@code jackson-databind} is on the class path; an
 * optional dependency of sdk-core). Implementations must be thread-safe and must round-trip:
 * {@code decode(encode(v))} equals {@code v}. They report failures as {@link CacheCodecException}.
 *
 * @param <V> the value type
 */
public interface Codec<V> {

    /**
     * Encodes a value.
     *
     * @param value the value; never {@code null}
     * @return its bytes; the caller does not modify them
     * @throws CacheCodecException when the value cannot be encoded
     */
    byte[] encode(V value);

    /**
     * Decodes bytes written by {@link #encode(Object)}.
     *
     * @param bytes the bytes; never {@code null}
     * @return the value; never {@code null}
     * @throws CacheCodecException when the bytes cannot be decoded
     */
    V decode(byte[] bytes);

    /**
     * Whether {@link #encode(Object)} always produces valid UTF-8 text (JSON, plain strings). Tiers that store
     * text can then store the bytes as they are instead of in base64. Default {@code false}.
     *
     * @return {@code true} for text codecs
     */
    default boolean utf8Text() {
        return false;
    }

    /**
     * The UTF-8 codec for {@link String} values.
     *
     * @return a shared, thread-safe codec
     */
    static Codec<String> string() {
        return BuiltInCodecs.STRING;
    }

    /**
     * The identity codec for {@code byte[]} values; arrays are copied on the way in and out.
     *
     * @return a shared, thread-safe codec
     */
    static Codec<byte[]> bytes() {
        return BuiltInCodecs.BYTES;
    }

    /**
     * A JSON codec for {@code type} on a default Jackson {@code ObjectMapper}; see {@link JacksonCodec} for one on
     * your own mapper.
     *
     * @param type the value class, e.g. a record
     * @param <T> the value type
     * @return a thread-safe codec
     * @throws IllegalArgumentException when {@code type} is {@code null}
     * @throws IllegalStateException when {@code jackson-databind} is not on the class path
     */
    static <T> Codec<T> json(Class<T> type) {
        Arguments.notNull(type, "type");
        if (!BuiltInCodecs.JACKSON_PRESENT) {
            throw new IllegalStateException("Codec.json needs com.fasterxml.jackson.core:jackson-databind on the "
                    + "class path (an optional dependency of sdk-core); add it or use another codec");
        }
        return JacksonCodec.of(type);
    }
}

/** The built-in codecs. */
final class BuiltInCodecs {

    static final boolean JACKSON_PRESENT = present("com.fasterxml.jackson.databind.ObjectMapper");

    static final Codec<String> STRING = new Codec<>() {
        @Override
        public byte[] encode(String value) {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean utf8Text() {
            return true;
        }

        @Override
        public String toString() {
            return "Codec.string()";
        }
    };

    static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value.clone();
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return "Codec.bytes()";
        }
    };

    private BuiltInCodecs() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, BuiltInCodecs.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
