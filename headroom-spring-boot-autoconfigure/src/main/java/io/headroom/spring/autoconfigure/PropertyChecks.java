package io.headroom.spring.autoconfigure;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Applies bound property values to an SDK builder, turning the SDK's argument check into a startup failure that
 * names the property: Spring Boot's failure analyzer then prints "Invalid value 'x' for configuration property
 * 'headroom.cache.caches.profile.ttl'" with the SDK's rule as the reason.
 */
final class PropertyChecks {

    private final String prefix;

    private PropertyChecks(String prefix) {
        this.prefix = prefix;
    }

    /** Checks for the properties under {@code prefix}, e.g. {@code headroom.cache.caches.profile}. */
    static PropertyChecks under(String prefix) {
        return new PropertyChecks(prefix);
    }

    String name(String property) {
        return prefix + "." + property;
    }

    /** Passes {@code value} to {@code setter} when it is set; an {@link IllegalArgumentException} names the property. */
    <T> void set(String property, @Nullable T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e);
        }
    }

    /** Builds; an {@link IllegalArgumentException} from a rule that spans settings names the whole group. */
    <T> T build(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(prefix, "(see its settings)", e.getMessage());
        }
    }

    InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, Exception cause) {
        return new InvalidConfigurationPropertyValueException(name(property), value, cause.getMessage());
    }

    InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(name(property), value, reason);
    }
}
