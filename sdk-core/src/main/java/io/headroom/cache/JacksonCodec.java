package io.headroom.cache;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.headroom.internal.Arguments;
import java.io.IOException;

/**
 * A JSON {@link Codec} on Jackson. Usable only when {@code jackson-databind} is on the class path (an optional
 * dependency of sdk-core; nothing else in Headroom loads this class). Output is UTF-8 JSON, so text tiers store it
 * as it is. Thread-safe (Jackson readers and writers are immutable).
 *
 * @param <T> the value type
 */
public final class JacksonCodec<T> implements Codec<T> {

    private static final ObjectMapper DEFAULT_MAPPER = new ObjectMapper().findAndRegisterModules();

    private final ObjectReader reader;
    private final ObjectWriter writer;
    private final String type;

    private JacksonCodec(ObjectMapper mapper, JavaType type) {
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
        this.type = type.toString();
    }

    /**
     * A codec for {@code type} on a default mapper (with every module found on the class path registered).
     *
     * @param type the value class
     * @param <T> the value type
     * @return the codec
     * @throws IllegalArgumentException when {@code type} is {@code null}
     */
    public static <T> JacksonCodec<T> of(Class<T> type) {
        return of(DEFAULT_MAPPER, type);
    }

    /**
     * A codec for {@code type} on the caller's mapper (configure it before; it is not changed).
     *
     * @param mapper the mapper
     * @param type the value class
     * @param <T> the value type
     * @return the codec
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> JacksonCodec<T> of(ObjectMapper mapper, Class<T> type) {
        Arguments.notNull(mapper, "mapper");
        Arguments.notNull(type, "type");
        return new JacksonCodec<>(mapper, mapper.constructType(type));
    }

    @Override
    public byte[] encode(T value) {
        try {
            return writer.writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw new CacheCodecException("cannot encode a " + type + " as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public T decode(byte[] bytes) {
        try {
            T value = reader.readValue(bytes);
            if (value == null) {
                throw new CacheCodecException("JSON null is not a " + type, null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CacheCodecException c) {
                throw c;
            }
            throw new CacheCodecException("cannot decode JSON as a " + type + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean utf8Text() {
        return true;
    }

    @Override
    public String toString() {
        return "JacksonCodec[" + type + "]";
    }
}
