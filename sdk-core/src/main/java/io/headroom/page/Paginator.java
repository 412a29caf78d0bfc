package io.headroom.page;

import io.headroom.internal.Arguments;
import io.headroom.spi.KeysetSource;
import java.util.concurrent.CompletionStage;

/**
 * Reads a sorted, filtered collection one page at a time with signed keyset cursors: each page continues
 * strictly after (or before) the sort key of the previous page's last (or first) item, so pages never skip or
 * repeat an item even when items share sort values or are inserted and deleted between pages, and the cost of a
 * page does not grow with its depth (unlike offset paging).
 *
 * <pre>{@code
 * InMemoryPageStore<Chat> store = InMemoryPageStore.create(FieldExtractor.builder(Chat.class, Chat::id)
 *         .field("lastMessageAt", Chat::lastMessageAt).build());
 * store.putAll(allChats);
 * Paginator<Chat> chats = Paginator.inMemory(PaginatorConfig.ofDefaults(), store);
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
 * <p>What a remote implementation does while its backend is down is {@link PaginatorConfig#outagePolicy()}
 * ({@link PageOutagePolicy#FAIL_FAST}: {@link io.headroom.BackendUnavailableException}). Metrics:
 * {@link PaginatorMetrics}.
 *
 * <p>Implementations are thread-safe; the blocking and asynchronous forms are served by one implementation.
 * Paginators hold no threads or buffers of their own: a remote one uses the client it was given, which its
 * owner closes.
 *
 * @param <T> the item type
 */
public interface Paginator<T> {

    /**
     * Creates the embedded paginator over an in-memory store the caller fills; any number of paginators (other
     * configurations: cursor keys, page size limits) may page one store.
     *
     * @param config the configuration
     * @param store the items
     * @param <T> the item type
     * @return the paginator; holds nothing that needs closing
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static <T> Paginator<T> inMemory(PaginatorConfig config, InMemoryPageStore<T> store) {
        Arguments.notNull(store, "store");
        return new KeysetPaginator<>(config, store.source());
    }

    /**
     * Creates a paginator over any backend that can read a keyset range; the Redis and Firestore paginators are
     * built on it, and a third party adds a backend this way.
     *
     * @param config the configuration
     * @param source the backend's range read
     * @param <T> the item type
     * @return the paginator
     * @throws IllegalArgumentException when an argument is {@code null}
     */
    static <T> Paginator<T> keyset(PaginatorConfig config, KeysetSource<T> source) {
        return new KeysetPaginator<>(config, source);
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
