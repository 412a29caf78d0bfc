package io.headroom.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Client addresses behind trusted proxies only, and the other key resolvers. */
class ClientIpKeyResolverTest {

    final ClientIpKeyResolver behindProxies = new ClientIpKeyResolver(TrustedProxies.of(List.of("10.0.0.0/8", "::1")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItSays() {
        MockHttpServletRequest r = request("203.0.113.9", "1.2.3.4");
        assertThat(behindProxies.resolve(r)).isEqualTo("ip:203.0.113.9");
        assertThat(new ClientIpKeyResolver(TrustedProxies.of(List.of())).resolve(request("10.1.1.1", "1.2.3.4")))
                .isEqualTo("ip:10.1.1.1");
    }

    @Test
    void behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
        // the client forged 6.6.6.6; the real client 198.51.100.7 reached proxy 10.0.0.2, which reached 10.0.0.1
        MockHttpServletRequest r = request("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2");
        assertThat(behindProxies.resolve(r)).isEqualTo("ip:198.51.100.7");
        assertThat(behindProxies.resolve(request("::1", "2001:db8::5"))).isEqualTo("ip:2001:db8::5");
    }

    @Test
    void garbageInTheChainStopsAtTheLastVouchedAddress() {
        assertThat(behindProxies.resolve(request("10.0.0.1", "evil.example, 10.0.0.3"))).isEqualTo("ip:10.0.0.3");
        assertThat(behindProxies.resolve(request("10.0.0.1", "999.1.1.1"))).isEqualTo("ip:10.0.0.1");
    }

    @Test
    void trustedProxiesAcceptOnlyLiteralAddressesAndBlocks() {
        TrustedProxies p = TrustedProxies.of(List.of("192.168.1.0/24", "2001:db8::/32", "127.0.0.1"));
        assertThat(p.contains("192.168.1.200")).isTrue();
        assertThat(p.contains("192.168.2.1")).isFalse();
        assertThat(p.contains("2001:db8:1::1")).isTrue();
        assertThat(p.contains("127.0.0.1")).isTrue();
        assertThat(p.contains("localhost")).isFalse();
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/40")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 32");
    }

    @Test
    void principalAndHeaderKeysFallBackToTheClientAddress() {
        RateLimitKeys keys = new RateLimitKeys(behindProxies,
                new org.springframework.beans.factory.support.DefaultListableBeanFactory());
        MockHttpServletRequest anonymous = request("203.0.113.9", null);
        assertThat(keys.key("principal", anonymous)).isEqualTo("ip:203.0.113.9");
        MockHttpServletRequest alice = request("203.0.113.9", null);
        alice.setUserPrincipal(() -> "alice");
        assertThat(keys.key("principal", alice)).isEqualTo("user:alice");
        alice.addHeader("X-Tenant", "t1");
        assertThat(keys.key("header:X-Tenant", alice)).isEqualTo("header:X-Tenant:t1");
        assertThat(keys.key("header:X-Other", alice)).isEqualTo("ip:203.0.113.9");
        alice.addHeader("X-Huge", "x".repeat(5000));
        assertThat(keys.key("header:X-Huge", alice)).hasSizeLessThanOrEqualTo(RateLimitKeys.MAX_KEY_LENGTH);
        assertThatThrownBy(() -> keys.resolver("cookie:sid")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cookie:sid");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest r = new MockHttpServletRequest("GET", "/");
        r.setRemoteAddr(peer);
        if (forwardedFor != null) {
            r.addHeader("X-Forwarded-For", forwardedFor);
        }
        return r;
    }
}
