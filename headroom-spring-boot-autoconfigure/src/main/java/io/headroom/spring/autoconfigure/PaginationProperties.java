package io.headroom.spring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The named paginator configurations (headroom.pagination.paginators.NAME.*); each becomes a
 * PaginatorConfig bean qualified by its name, which the application passes to the paginator it builds over
 * its own store (a paginator needs the item type and its fields, which properties cannot give).
 *
 * @param paginators the paginator configurations by name
 */
public record PaginationProperties(@DefaultValue Map<String, Paginator> paginators) {

    /**
     * One paginator configuration.
     *
     * @param defaultPageSize the page size when a request names none; unset: the SDK's default (20)
     * @param maxPageSize the largest page a request may ask for; unset: the SDK's default (100)
     * @param cursorKeys the keys that sign (and encrypt) cursors, the first signing new cursors and all of them
     *     verifying (rotation: put the new key first, keep the old one until its cursors expire); unset: a random
     *     key per process, so cursors do not survive a restart or cross instances
     * @param encryptCursors whether cursors are encrypted as well as signed; unset: true
     * @param cursorTtl how long a cursor stays valid; unset: forever
     */
    public record Paginator(
            @Nullable Integer defaultPageSize,
            @Nullable Integer maxPageSize,
            @DefaultValue List<CursorKey> cursorKeys,
            @Nullable Boolean encryptCursors,
            @Nullable Duration cursorTtl) {
    }

    /**
     * A cursor key. Give the secret from a secret store, e.g. ${CURSOR_SECRET}.
     *
     * @param id the key id: 1 to 32 characters of [A-Za-z0-9_-]; it appears in every cursor
     * @param secret the secret in base64 (standard or URL-safe), at least 16 bytes once decoded
     */
    public record CursorKey(String id, String secret) {

        /** Hides the secret. */
        @Override
        public String toString() {
            return "CursorKey[id=" + id + ", secret=***]";
        }
    }
}
