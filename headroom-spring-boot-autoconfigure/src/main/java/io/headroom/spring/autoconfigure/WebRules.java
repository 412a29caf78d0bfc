package io.headroom.spring.autoconfigure;

import io.headroom.spring.web.TrustedProxies;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles {@code headroom.web.*} for either web stack: the trusted proxies and the path rules, each failure naming
 * its property ({@code headroom.web.rules[0]}).
 */
final class WebRules {

    /** Compiles one rule of a stack; throws {@link IllegalArgumentException} for a bad pattern, limiter or key. */
    @FunctionalInterface
    interface Compiler<R> {
        R compile(WebProperties.Rule rule);
    }

    private WebRules() {
    }

    static TrustedProxies trustedProxies(WebProperties web) {
        try {
            return TrustedProxies.of(web.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw PropertyChecks.under("headroom.web").invalid("trusted-proxies", web.trustedProxies(), e);
        }
    }

    static <R> List<R> compile(WebProperties web, Compiler<R> compiler) {
        List<R> rules = new ArrayList<>();
        List<WebProperties.Rule> configured = web.rules();
        for (int i = 0; i < configured.size(); i++) {
            WebProperties.Rule r = configured.get(i);
            PropertyChecks checks = PropertyChecks.under("headroom.web.rules[" + i + "]");
            if (r.limiter() == null || r.limiter().isBlank()) {
                throw checks.invalid("limiter", r.limiter(), "a rule names the limiter it takes permits from");
            }
            try {
                rules.add(compiler.compile(r));
            } catch (IllegalArgumentException e) {
                throw checks.invalid("limiter", r.limiter() + " " + r.paths() + " key=" + r.key(), e);
            }
        }
        return rules;
    }
}
