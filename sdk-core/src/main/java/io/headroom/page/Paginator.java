package io.headroom.page;

import java.util.concurrent.CompletionStage;

/**
 * Reads a sorted, filtered collection one page at a time with signed keyset cursors: each page continues
 * strictly after (or before) the sort key of the previous page's last (or first) item, so pages never skip or
 * repeat an item even when items share sort values or are inserted and deleted between pages, and the cost of a
 * page does not grow with its depth (unlike offset paging).
 *
 * <pre>{@code
 * InMemoryPaginator<Chat> chats = Paginator.inMemory(FieldExtractor.builder(Chat.class, Chat::id)
 *         .field("lastMessageAt", Chat::lastMessageAt).build());
 * PageRequest req = PageRequest.of(Sort.by(SortKey.desc("lastMessageAt")));
 * Page<Chat> page = chats.page(req);
 * while (page.hasNext()) {
 *     page = chats.page(req.next(page));
 * }
 * }</pre>
 *
 * <p>Cursors are opaque, URL-safe, signed and by default encrypted (see {@link CursorCodec}); a cursor that was
 * tampered with, truncated, signed by an unknown key, issued for another query or expired is rejected with
 * {@link InvalidCursorException}, never answered with a wrong page. Bad requests (page size above
 * {@link PaginatorConfig#maxPageSize()}, a sort or filter on a field the items lack, a sort the backend cannot
 * serve) throw {@link IllegalArgumentException} naming the argument and the rule. Both exceptions are thrown
 * before any I/O, by the asynchronous form too (not returned in its stage).
 *
 * <p>Implementations are thread-safe; the blocking and asynchronous forms are served by one implementation.
 *
 * @param <T> the item type
 */
public interface Paginator<T> {

    /**
     * Creates an empty in-memory paginator with the default configuration ({@link PaginatorConfig#ofDefaults()}).
     *
     * @param fields how items are read
     * @param <T> the item type
     * @return the paginator, which also stores the items
     * @throws IllegalArgumentException when {@code fields} is {@code null}
     */
    static <T> InMemoryPaginator<T> inMemory(FieldExtractor<T> fields) {
        return InMemoryPaginator.create(fields, PaginatorConfig.ofDefaults());
    }

    /**
     * Creates an empty in-memory paginator.
     *
     * @param fields how items are read
     * @param config the configuration
     * @param <T> the item type
     * @return the paginator, which also stores the items
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static <T> InMemoryPaginator<T> inMemory(FieldExtractor<T> fields, PaginatorConfig config) {
        return InMemoryPaginator.create(fields, config);
    }

    /**
     * Creates a paginator over any backend that can read a keyset range; used by the Redis and Firestore
     * paginators.
     *
     * @param source the backend's range read
     * @param config the configuration
     * @param <T> the item type
     * @return the paginator
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static <T> Paginator<T> keyset(KeysetSource<T> source, PaginatorConfig config) {
        return new KeysetPaginator<>(source, config);
    }

    /**
     * Reads one page.
     *
     * @param request the query and position
     * @return the page; never {@code null}
     * @throws InvalidCursorException when the request's cursor is rejected
     * @throws IllegalArgumentException when the request breaks a rule (size, unknown field, unsupported sort)
     * @throws io.headroom.BackendUnavailableException when a remote backend fails or times out
     */
    Page<T> page(PageRequest request);

    /**
     * Asynchronous form of {@link #page(PageRequest)}.
     *
     * @param request the query and position
     * @return a stage completing with the page, or failing with
     *     {@link io.headroom.BackendUnavailableException}
     * @throws InvalidCursorException when the request's cursor is rejected (thrown, not returned in the stage)
     * @throws IllegalArgumentException when the request breaks a rule (thrown, not returned in the stage)
     */
    CompletionStage<Page<T>> pageAsync(PageRequest request);

    /**
     * The configuration.
     *
     * @return the configuration
     */
    PaginatorConfig config();
}
