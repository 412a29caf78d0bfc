package io.headroom.spring.cache;

import io.headroom.cache.CacheCodecException;
import io.headroom.cache.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * A {@link Codec} writing values with Java serialization, the default of a cache behind Spring's {@code @Cacheable}
 * (whose values have any type, like Spring's own {@code JdkSerializationRedisSerializer}). Values must be
 * {@link Serializable}. Only values this application wrote are read back: the remote tier must not be writable by
 * anyone else. Stateless and thread-safe.
 */
public final class SerializingCodec implements Codec<Object> {

    private static final SerializingCodec INSTANCE = new SerializingCodec();

    private SerializingCodec() {
    }

    /**
     * The shared codec.
     *
     * @return the codec
     */
    public static SerializingCodec instance() {
        return INSTANCE;
    }

    /**
     * Serializes {@code value}.
     *
     * @param value a {@link Serializable} value
     * @return its bytes
     * @throws CacheCodecException when the value cannot be serialized
     */
    @Override
    public byte[] encode(Object value) {
        if (!(value instanceof Serializable)) {
            throw new CacheCodecException("a value cached through Spring's cache abstraction must be Serializable, was "
                    + value.getClass().getName(), null);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new CacheCodecException("cannot serialize " + value.getClass().getName() + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Deserializes a value written by {@link #encode(Object)}.
     *
     * @param bytes the bytes
     * @return the value
     * @throws CacheCodecException when the bytes are no serialized value of a class on the class path
     */
    @Override
    public Object decode(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new CacheCodecException("cannot deserialize a cached value: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SerializingCodec";
    }
}
