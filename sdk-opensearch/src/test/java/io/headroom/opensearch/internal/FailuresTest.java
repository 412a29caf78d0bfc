package io.headroom.opensearch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.headroom.BackendUnavailableException;
import io.headroom.opensearch.MappingConflictException;
import io.headroom.opensearch.MissingIndexException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.opensearch.client.opensearch._types.ErrorResponse;
import org.opensearch.client.opensearch._types.OpenSearchException;

class FailuresTest {

    private static OpenSearchException error(int status, String type, String reason) {
        return new OpenSearchException(ErrorResponse.of(e -> e.status(status).error(c -> c.type(type).reason(reason))));
    }

    @Property(tries = 50)
    void onlyThrottlingAndGatewayStatusesAreRetried(@ForAll @IntRange(min = 400, max = 599) int status) {
        boolean expected = status == 429 || status == 502 || status == 503 || status == 504;
        assertThat(Failures.retriable(error(status, "x", "y"))).isEqualTo(expected);
        assertThat(Failures.retriable(new CompletionException(error(status, "x", "y")))).isEqualTo(expected);
        assertThat(Failures.refused(error(status, "x", "y"))).isEqualTo(status < 500 && status != 429);
    }

    @Test
    void connectionFailuresAndTimeoutsAreRetriedAnOpenBreakerIsNot() {
        assertThat(Failures.retriable(new ConnectException("refused"))).isTrue();
        assertThat(Failures.retriable(new SocketException("Connection reset"))).isTrue();
        assertThat(Failures.retriable(new TimeoutException())).isTrue();
        assertThat(Failures.retriable(Failures.retriableBulk(429))).isTrue();
        assertThat(Failures.retriable(CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("b")))).isFalse();
        assertThat(Failures.retriable(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void knownErrorsBecomeTheirOwnExceptionsTheRestAnOutage() {
        assertThat(Failures.translate("idx", "search", "FAIL_FAST", error(404, "index_not_found_exception",
                "no such index [people]"))).isInstanceOf(MissingIndexException.class).hasMessageContaining("idx");
        assertThat(Failures.translate("idx", "upsert", "FAIL_FAST", error(400, "mapper_parsing_exception",
                "failed to parse field [h_loc]"))).isInstanceOf(MappingConflictException.class)
                .hasMessageContaining("h_loc");
        assertThat(Failures.translate("idx", "search", "FAIL_FAST", new ConnectException("refused")))
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("idx")
                .hasMessageContaining("FAIL_FAST");
    }
}
