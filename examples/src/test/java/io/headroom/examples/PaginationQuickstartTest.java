package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.page.CursorKeys;
import io.headroom.page.FieldExtractor;
import io.headroom.page.InMemoryPageStore;
import io.headroom.page.Page;
import io.headroom.page.PageRequest;
import io.headroom.page.Paginator;
import io.headroom.page.PaginatorConfig;
import io.headroom.page.Sort;
import io.headroom.page.SortKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README quickstart for cursor pagination, kept compiling and passing. */
class PaginationQuickstartTest {

    record Chat(String id, String ownerId, Instant lastMessageAt) {
    }

    @Test
    void quickstart() {
        byte[] secret = "32 bytes from your secret store!".getBytes(StandardCharsets.UTF_8);
        // --- README quickstart: begin
        PaginatorConfig config = PaginatorConfig.builder()
                .name("chats")
                .cursorKeys(CursorKeys.of("2026-11", secret))   // later: keys.rotate("2027-01", newSecret)
                .cursorTtl(Duration.ofHours(24))
                .build();
        InMemoryPageStore<Chat> store = InMemoryPageStore.create(FieldExtractor.builder(Chat.class, Chat::id)
                .field("ownerId", Chat::ownerId)
                .field("lastMessageAt", Chat::lastMessageAt)
                .build());
        store.put(new Chat("c1", "u42", Instant.parse("2026-11-25T10:00:00Z")));
        Paginator<Chat> chats = Paginator.inMemory(config, store);

        PageRequest request = PageRequest.builder(Sort.by(SortKey.desc("lastMessageAt")))
                .filter("ownerId", "u42")
                .size(20)
                .build();
        Page<Chat> page = chats.page(request);                  // newest 20 chats of u42
        String next = page.nextCursor();                          // opaque, signed, encrypted; null on the last page
        if (next != null) {
            page = chats.page(request.withCursor(next));          // or request.next(page)
        }
        // --- README quickstart: end
        assertThat(page.items()).extracting(Chat::id).containsExactly("c1");
    }
}
