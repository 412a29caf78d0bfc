package io.headroom.page;

import io.headroom.page.internal.SortValues;
import io.headroom.internal.Arguments;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a paginator reads an item: its unique id (the default tie-breaker, named {@link Sort#ID}) and the named
 * fields it may be sorted or filtered by. A sort or filter on a field not declared here is rejected with an
 * {@link IllegalArgumentException} before any I/O.
 *
 * <pre>{@code
 * FieldExtractor<Chat> fields = FieldExtractor.builder(Chat.class, Chat::id)
 *         .field("lastMessageAt", Chat::lastMessageAt)   // Instant
 *         .field("ownerId", Chat::ownerId)
 *         .build();
 * }</pre>
 *
 * <p>Field values must be {@code null}, a String, Boolean, an integral or floating number, or an
 * {@link java.time.Instant}. Immutable and thread-safe when the getters are.
 *
 * @param <T> the item type
 */
public final class FieldExtractor<T> {

    private final Function<? super T, String> id;
    private final Map<String, Function<? super T, ?>> fields;

    private FieldExtractor(Function<? super T, String> id, Map<String, Function<? super T, ?>> fields) {
        this.id = id;
        this.fields = fields;
    }

    /**
     * Starts a field extractor.
     *
     * @param id reads an item's unique, non-empty id
     * @param <T> the item type
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when {@code id} is {@code null}
     */
    public static <T> Builder<T> builder(Function<? super T, String> id) {
        return new Builder<>(Arguments.notNull(id, "id"));
    }

    /**
     * Starts a field extractor for items of a class; the class only helps type inference in a chained call.
     *
     * @param type the item class
     * @param id reads an item's unique, non-empty id
     * @param <T> the item type
     * @return a builder; not thread-safe
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    public static <T> Builder<T> builder(Class<T> type, Function<? super T, String> id) {
        Arguments.notNull(type, "type");
        return builder(id);
    }

    /**
     * Reads an item's id.
     *
     * @param item the item
     * @return the id
     * @throws IllegalArgumentException when the id is {@code null} or empty
     */
    public String id(T item) {
        return Arguments.key(id.apply(item), "item id");
    }

    /**
     * Whether a field (or {@link Sort#ID}) can be read.
     *
     * @param field the field name
     * @return {@code true} when declared
     */
    public boolean has(String field) {
        return Sort.ID.equals(field) || fields.containsKey(field);
    }

    /**
     * The declared fields, without {@link Sort#ID}.
     *
     * @return an unmodifiable set, in declaration order
     */
    public Set<String> fields() {
        return fields.keySet();
    }

    /**
     * Reads a field's normalised value (see {@link FieldExtractor}).
     *
     * @param item the item
     * @param field a declared field or {@link Sort#ID}
     * @return the value: {@code null}, Boolean, Long, Double, Instant or String
     * @throws IllegalArgumentException when the field is not declared or holds an unsupported type
     */
    public @Nullable Object value(T item, String field) {
        if (Sort.ID.equals(field)) {
            return id(item);
        }
        Function<? super T, ?> getter = fields.get(field);
        if (getter == null) {
            throw new IllegalArgumentException("field '" + field + "' is not a field of the items (known: id, "
                    + String.join(", ", fields.keySet()) + ")");
        }
        return SortValues.normalize(getter.apply(item), field);
    }

    /**
     * Checks that {@code field} is declared.
     *
     * @param field the field
     * @param role what the field is used for, e.g. {@code "sort field"}, for the message
     * @throws IllegalArgumentException when it is not
     */
    void check(String field, String role) {
        if (!has(field)) {
            throw new IllegalArgumentException(role + " '" + field + "' is not a field of the items (known: id, "
                    + String.join(", ", fields.keySet()) + ")");
        }
    }

    /**
     * Builds a {@link FieldExtractor}. Not thread-safe.
     *
     * @param <T> the item type
     */
    public static final class Builder<T> {
        private final Function<? super T, String> id;
        private final Map<String, Function<? super T, ?>> fields = new LinkedHashMap<>();

        private Builder(Function<? super T, String> id) {
            this.id = id;
        }

        /**
         * Declares a field.
         *
         * @param name the field name, not {@link Sort#ID}, not declared before
         * @param getter reads the field
         * @return this builder
         * @throws IllegalArgumentException when a rule is broken
         */
        public Builder<T> field(String name, Function<? super T, ?> getter) {
            Arguments.key(name, "name");
            Arguments.notNull(getter, "getter");
            if (Sort.ID.equals(name) || fields.containsKey(name)) {
                throw new IllegalArgumentException("field '" + name + "' is declared twice (the id is always "
                        + "available as '" + Sort.ID + "')");
            }
            fields.put(name, getter);
            return this;
        }

        /**
         * Returns the extractor.
         *
         * @return an immutable extractor
         */
        public FieldExtractor<T> build() {
            return new FieldExtractor<>(id, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
        }
    }
}
