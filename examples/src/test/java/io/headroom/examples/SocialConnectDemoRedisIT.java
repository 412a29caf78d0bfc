package io.headroom.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.testkit.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo against a real redis-server, as `--redis URI` runs it. */
class SocialConnectDemoRedisIT {

    @Test
    void redisRunLimitsTheSameWay() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SocialConnectDemo.Report r = SocialConnectDemo.run(SocialConnectDemo.Options.parse(new String[] {
                "--redis", RedisServer.shared().uri(), "--users", "200", "--abusers", "2", "--flood", "300"}),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(r.normalAdmitted()).isEqualTo(200 * 5);
        assertThat(r.normalDenied()).isZero();
        assertThat(r.abusiveAdmitted()).isBetween(200L, 230L);
        assertThat(r.sampleStatus()).isEqualTo(429);
        assertThat(buffer.toString(StandardCharsets.UTF_8)).contains("backend: Redis at redis://");
    }
}
