package io.headroom.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.headroom.spring.autoconfigure.HeadroomAutoConfiguration;
import io.headroom.spring.autoconfigure.HeadroomWebMvcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** {@code @RateLimited} and the path rules on a Spring MVC slice (MockMvc), with the 429 contract. */
class RateLimitWebMvcTest {

    static final WebApplicationContextRunner RUNNER = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HeadroomAutoConfiguration.class,
                    HeadroomWebMvcAutoConfiguration.class))
            .withUserConfiguration(Web.class)
            .withPropertyValues("headroom.rate-limit.limiters.api.bandwidths[0]=2/1m",
                    "headroom.rate-limit.limiters.paths.bandwidths[0]=1/1h");

    @Test
    void aDeniedHandlerCallGets429WithHeadersAndProblemDetails() {
        RUNNER.run(ctx -> {
            MockMvc mvc = mvc(ctx);
            MockHttpServletResponse first = mvc.perform(get("/limited").header("X-Api-Key", "k1")).andReturn()
                    .getResponse();
            assertThat(first.getStatus()).isEqualTo(200);
            assertThat(first.getContentAsString()).isEqualTo("ok");
            assertThat(first.getHeader("RateLimit")).isEqualTo("\"2-per-60s\";r=1;t=30");
            assertThat(first.getHeader("RateLimit-Policy")).isEqualTo("\"2-per-60s\";q=2;w=60");
            assertThat(first.getHeader("Retry-After")).isNull();
            assertThat(mvc.perform(get("/limited").header("X-Api-Key", "k1")).andReturn().getResponse().getStatus())
                    .isEqualTo(200);
            MockHttpServletResponse denied = mvc.perform(get("/limited").header("X-Api-Key", "k1")).andReturn()
                    .getResponse();
            assertThat(denied.getStatus()).isEqualTo(429);
            assertThat(denied.getContentType()).startsWith("application/problem+json");
            assertThat(Long.parseLong(denied.getHeader("Retry-After"))).isBetween(1L, 60L);
            assertThat(denied.getHeader("RateLimit")).startsWith("\"2-per-60s\";r=0;");
            assertThat(denied.getContentAsString()).contains("\"status\":429").contains("\"title\":\"Too Many Requests\"")
                    .contains("\"instance\":\"/limited\"").contains("Rate limit 'api' exceeded");
            // another key has its own permits; a handler without @RateLimited is not limited
            assertThat(mvc.perform(get("/limited").header("X-Api-Key", "k2")).andReturn().getResponse().getStatus())
                    .isEqualTo(200);
            for (int i = 0; i < 5; i++) {
                assertThat(mvc.perform(get("/free")).andReturn().getResponse().getStatus()).isEqualTo(200);
            }
        });
    }

    @Test
    void aPathRuleLimitsEveryMatchingRequestByClientAddress() {
        RUNNER.withPropertyValues("headroom.web.rules[0].paths[0]=/free/**", "headroom.web.rules[0].paths[1]=/free",
                "headroom.web.rules[0].limiter=paths").run(ctx -> {
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(ctx).addFilters(ctx.getBean(RateLimitFilter.class))
                    .build();
            MockHttpServletResponse first = mvc.perform(get("/free").with(r -> {
                r.setRemoteAddr("192.0.2.1");
                return r;
            })).andReturn().getResponse();
            assertThat(first.getStatus()).isEqualTo(200);
            assertThat(first.getHeader("RateLimit-Policy")).isEqualTo("\"1-per-3600s\";q=1;w=3600");
            MockHttpServletResponse denied = mvc.perform(get("/free").with(r -> {
                r.setRemoteAddr("192.0.2.1");
                return r;
            })).andReturn().getResponse();
            assertThat(denied.getStatus()).isEqualTo(429);
            assertThat(denied.getContentAsString()).contains("Rate limit 'paths' exceeded");
            assertThat(mvc.perform(get("/free").with(r -> {
                r.setRemoteAddr("192.0.2.2");
                return r;
            })).andReturn().getResponse().getStatus()).isEqualTo(200);
        });
    }

    @Test
    void withoutRulesThereIsNoFilterAndItCanAllBeTurnedOff() {
        RUNNER.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(RateLimitFilter.class)
                .hasSingleBean(RateLimitInterceptor.class));
        RUNNER.withPropertyValues("headroom.web.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(RateLimitInterceptor.class));
    }

    @Test
    void aRuleWithAnUnknownLimiterOrKeyFailsTheStartNamingTheRule() {
        RUNNER.withPropertyValues("headroom.web.rules[0].paths[0]=/x", "headroom.web.rules[0].limiter=nope")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("headroom.web.rules[0]")
                        .hasMessageContaining("nope"));
        RUNNER.withPropertyValues("headroom.web.rules[0].paths[0]=/x", "headroom.web.rules[0].limiter=api",
                "headroom.web.rules[0].key=cookie").run(ctx -> assertThat(ctx).getFailure().rootCause()
                .hasMessageContaining("headroom.web.rules[0]").hasMessageContaining("ip, principal, header"));
        RUNNER.withPropertyValues("headroom.web.trusted-proxies=10.0.0.0/33").run(ctx -> assertThat(ctx)
                .getFailure().rootCause().hasMessageContaining("headroom.web.trusted-proxies"));
    }

    @Test
    void anUnknownLimiterOnAHandlerIsAServerErrorNamingIt() {
        RUNNER.run(ctx -> {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> mvc(ctx).perform(get("/typo")))
                    .rootCause().hasMessageContaining("'tpyo'");
        });
    }

    private static MockMvc mvc(AssertableWebApplicationContext ctx) {
        return MockMvcBuilders.webAppContextSetup(ctx).build();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @Import(Handlers.class)
    static class Web {
    }

    @RestController
    static class Handlers {

        @RateLimited(limiter = "api", key = "header:X-Api-Key")
        @GetMapping("/limited")
        String limited() {
            return "ok";
        }

        @GetMapping("/free")
        String free() {
            return "free";
        }

        @RateLimited(limiter = "tpyo")
        @GetMapping("/typo")
        String typo() {
            return "typo";
        }
    }
}
