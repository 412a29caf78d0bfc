package io.headroom.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
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
    /** The settings passed so far (kebab-case name to value), to name the one a rule in {@code build()} rejects. */
    private final Map<String, Object> set = new LinkedHashMap<>();

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
        set.put(property, value);
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw invalid(property, value, e);
        }
    }

    /**
     * Builds. The SDK's builders check in {@code build()} with messages that start with the setting's name
     * ({@code "ttl must be positive, was PT-1S"}); that setting's property is named, else the whole group.
     */
    <T> T build(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            for (Map.Entry<String, Object> s : set.entrySet()) {
                String camel = camel(s.getKey());
                if (message.startsWith(camel + " ") || message.startsWith("config." + camel + " ")) {
                    throw invalid(s.getKey(), s.getValue(), message);
                }
            }
            throw new InvalidConfigurationPropertyValueException(prefix, "(its settings)", message);
        }
    }

    /** {@code soft-ttl} to {@code softTtl}. */
    static String camel(String kebab) {
        StringBuilder b = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, Exception cause) {
        return new InvalidConfigurationPropertyValueException(name(property), value, cause.getMessage());
    }

    InvalidConfigurationPropertyValueException invalid(String property, @Nullable Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(name(property), value, reason);
    }
}
