package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SocialConnectDemoTest {

    @Test
    void embeddedRunAdmitsNormalUsersAndStopsFlooders() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SocialConnectDemo.Report r = SocialConnectDemo.run(
                SocialConnectDemo.Options.parse(new String[] {"--users", "300", "--abusers", "3", "--flood", "500"}),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(r.normalAdmitted()).isEqualTo(300 * 5);
        assertThat(r.normalDenied()).isZero();
        // each flooder gets exactly its 100 per minute (the run lasts far less than the 600 ms refill of one permit
        // on a quiet machine; allow for a few refills on a slow one)
        assertThat(r.abusiveAdmitted()).isBetween(300L, 330L);
        assertThat(r.abusiveAdmitted() + r.abusiveDenied()).isEqualTo(1_500);
        assertThat(r.sampleStatus()).isEqualTo(429);
        assertThat(r.sampleHeaders()).containsKeys("Retry-After", "RateLimit", "RateLimit-Policy");
        String report = buffer.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("backend: embedded", "normal users", "abusive users", "p99", "Retry-After");
        // every primitive prints its section of the report
        assertThat(report).contains("Cursor pagination", "Cache-aside", "Unread counts", "Push notifications",
                "People search", "Online dots and typing");
        assertThat(report).contains("member-2 typing", "the old token is rejected");
    }

    @Test
    void badOptionsAreExplained() {
        assertThatThrownBy(() -> SocialConnectDemo.Options.parse(new String[] {"--users", "0"}))
                .hasMessageContaining("--users must be at least 1");
        assertThatThrownBy(() -> SocialConnectDemo.Options.parse(new String[] {"--bogus"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> SocialConnectDemo.Options.parse(new String[] {"--redis"}))
                .hasMessageContaining("--redis needs a value");
    }
}
