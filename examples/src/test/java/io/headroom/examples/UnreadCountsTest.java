package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.counter.ShardedCounter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnreadCountsTest {

    @Test
    void everyMessageCountsOncePerOtherMemberAndOpeningAChatClearsItsCount() {
        UnreadCounts.Report r = new UnreadCounts(ShardedCounter.inMemory(UnreadCounts.UNREAD), 20, 10, 1)
                .run(1_000, 10, 2);
        assertThat(r.messages()).isEqualTo(1_000);
        // half of the messages go to the 10-member chat: 9 increments each (members may repeat; at most 9)
        assertThat(r.hottestIncrements()).isBetween(500L * 5, 500L * 9);
        assertThat(r.hottestCounter()).as("one member's count in the busy chat").isBetween(1L, 500L);
        assertThat(r.opened()).isEqualTo(100);
        assertThat(r.markedRead()).isPositive();
        assertThat(r.markedRead() + r.unreadLeft()).isEqualTo(r.increments());
        assertThat(r.exact()).isTrue();
        assertThat(r.backendWrites()).isZero();
    }

    @Test
    void theDemoReportsUnreadCounts() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        UnreadCounts.Report r = UnreadCounts.demo(null, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(r.exact()).isTrue();
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("Unread counts (sharded counter, in memory)",
                "per message", "hottest counter", "exact: yes");
    }
}
