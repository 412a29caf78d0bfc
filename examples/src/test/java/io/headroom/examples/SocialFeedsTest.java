package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.page.PaginatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocialFeedsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void listsArePagedCompletelyAndTheSweeperDeletesExactlyTheExpiredStories() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SocialFeeds.Summary s = SocialFeeds.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(s.chatsListed()).isEqualTo(45);
        assertThat(s.chatPages()).isEqualTo(3);
        assertThat(s.membersListed()).isEqualTo(130);
        assertThat(s.storiesListed()).isEqualTo(40);
        assertThat(s.storiesDeleted() + s.storiesLeft()).isEqualTo(2_000);
        assertThat(s.storiesDeleted()).isBetween(800, 1_200); // stories posted over 48 h live 24 h
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("expiry sweeper");
    }

    @Test
    void sweeperLeavesOnlyLiveStoriesAndChatPagesNeverRepeat() {
        SocialFeeds feeds = new SocialFeeds(PaginatorConfig.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build());
        feeds.seed(NOW, 10, 45, 10, 500);
        int[] sweep = feeds.sweepExpiredStories(NOW);
        assertThat(sweep[0]).isPositive();
        var left = feeds.stories.page(io.headroom.page.PageRequest.builder(SocialFeeds.STORIES_BY_EXPIRY)
                .size(100).build());
        assertThat(left.items()).allSatisfy(st -> assertThat(st.expiresAt()).isAfter(NOW));
        assertThat(feeds.sweepExpiredStories(NOW)[0]).as("second sweep finds nothing").isZero();

        Set<String> seen = new HashSet<>();
        var page = feeds.chatList("user-3", null);
        while (true) {
            page.items().forEach(c -> assertThat(seen.add(c.id())).as("chat %s listed once", c.id()).isTrue());
            if (!page.hasNext()) {
                break;
            }
            page = feeds.chatList("user-3", page.nextCursor());
        }
        assertThat(seen).hasSize(45);
    }
}
