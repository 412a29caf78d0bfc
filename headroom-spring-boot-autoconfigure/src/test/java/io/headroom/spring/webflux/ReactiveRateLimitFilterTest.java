package io.headroom.spring.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.spring.autoconfigure.HeadroomAutoConfiguration;
import io.headroom.spring.autoconfigure.HeadroomWebFluxAutoConfiguration;
import io.headroom.spring.autoconfigure.HeadroomWebMvcAutoConfiguration;
import io.headroom.spring.web.RateLimitInterceptor;
import io.headroom.spring.web.RateLimited;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import reactor.core.publisher.Mono;

/** {@code @RateLimited} and the path rules on WebFlux: the same 429 contract, without blocking. */
class ReactiveRateLimitFilterTest {

    static final ReactiveWebApplicationContextRunner RUNNER = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HeadroomAutoConfiguration.class,
                    HeadroomWebFluxAutoConfiguration.class, HeadroomWebMvcAutoConfiguration.class))
            .withUserConfiguration(Web.class)
            .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=2/1m",
                    "headroom.rate-limit.limiters.paths.bandwidths[0]=1/1h");

    @Test
    void aDeniedReactiveHandlerGets429WithHeadersAndProblemDetails() {
        RUNNER.run(ctx -> {
            assertThat(ctx).hasSingleBean(ReactiveRateLimitFilter.class).doesNotHaveBean(RateLimitInterceptor.class);
            WebTestClient client = WebTestClient.bindToApplicationContext(ctx).build();
            EntityExchangeResult<String> first = call(client, "/limited", "k1");
            assertThat(first.getStatus().value()).isEqualTo(200);
            assertThat(first.getResponseBody()).isEqualTo("ok");
            assertThat(first.getResponseHeaders().getFirst("RateLimit")).isEqualTo("\"2-per-60s\";r=1;t=30");
            assertThat(call(client, "/limited", "k1").getStatus().value()).isEqualTo(200);
            EntityExchangeResult<String> denied = call(client, "/limited", "k1");
            assertThat(denied.getStatus().value()).isEqualTo(429);
            assertThat(Long.parseLong(denied.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);
            assertThat(denied.getResponseHeaders().getFirst("RateLimit-Policy")).isEqualTo("\"2-per-60s\";q=2;w=60");
            assertThat(denied.getResponseHeaders().getFirst("Content-Type")).startsWith("application/problem+json");
            assertThat(denied.getResponseBody()).contains("\"status\":429").contains("Rate limit 'api' exceeded")
                    .contains("\"instance\":\"/limited\"");
            assertThat(call(client, "/limited", "k2").getStatus().value()).isEqualTo(200);
            for (int i = 0; i < 4; i++) {
                assertThat(call(client, "/free", "k1").getStatus().value()).isEqualTo(200);
            }
        });
    }

    @Test
    void aPathRuleLimitsMatchingRequests() {
        RUNNER.withPropertyValues("headroom.web.rules[0].paths[0]=/free", "headroom.web.rules[0].limiter=paths",
                "headroom.web.rules[0].key=header:X-Api-Key").run(ctx -> {
            WebTestClient client = WebTestClient.bindToApplicationContext(ctx).build();
            assertThat(call(client, "/free", "k1").getStatus().value()).isEqualTo(200);
            EntityExchangeResult<String> denied = call(client, "/free", "k1");
            assertThat(denied.getStatus().value()).isEqualTo(429);
            assertThat(denied.getResponseBody()).contains("Rate limit 'paths' exceeded");
            assertThat(call(client, "/free", "k2").getStatus().value()).isEqualTo(200);
        });
    }

    @Test
    void aRuleWithABadKeyFailsTheStartNamingTheRule() {
        RUNNER.withPropertyValues("headroom.web.rules[0].paths[0]=/x", "headroom.web.rules[0].limiter=api",
                "headroom.web.rules[0].key=bean:mine").run(ctx -> assertThat(ctx).getFailure().rootCause()
                .hasMessageContaining("headroom.web.rules[0]").hasMessageContaining("ip, principal or header"));
    }

    private static EntityExchangeResult<String> call(WebTestClient client, String path, String key) {
        return client.get().uri(path).header("X-Api-Key", key).exchange().expectBody(String.class).returnResult();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFlux
    @Import(Handlers.class)
    static class Web {
    }

    @RestController
    static class Handlers {

        @RateLimited(limiter = "api", key = "header:X-Api-Key")
        @GetMapping("/limited")
        Mono<String> limited() {
            return Mono.just("ok");
        }

        @GetMapping("/free")
        Mono<String> free() {
            return Mono.just("free");
        }
    }
}
