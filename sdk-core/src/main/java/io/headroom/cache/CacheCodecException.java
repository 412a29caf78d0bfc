package io.headroom.cache;

import io.headroom.HeadroomException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Codec} could not encode a value or decode bytes. A cache that meets undecodable bytes in a shared tier
 * (say, written by an older version of the value class) treats them as a miss and counts an error instead of
 * throwing; a value the loader returned that cannot be encoded fails the load with this exception as the cause of
 * a {@link CacheLoadException}.
 */
public class CacheCodecException extends HeadroomException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be encoded or decoded, and why
     * @param cause the codec library's failure, may be {@code null}
     */
    public CacheCodecException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
