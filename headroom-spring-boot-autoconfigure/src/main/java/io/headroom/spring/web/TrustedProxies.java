package io.headroom.spring.web;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The proxies whose {@code X-Forwarded-For} header is believed: IP addresses and CIDR blocks ({@code 10.0.0.0/8},
 * {@code ::1}, {@code fd00::/8}). Only literal addresses are accepted, so parsing never touches DNS. Immutable and
 * thread-safe.
 */
public final class TrustedProxies {

    private record Block(byte[] network, int bits) {
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    /**
     * Parses the entries.
     *
     * @param entries IP addresses or CIDR blocks
     * @return the trusted proxies; none for an empty list
     * @throws IllegalArgumentException when an entry is no literal address or block; the message names it
     */
    public static TrustedProxies of(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.trim();
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address or CIDR block, was \"" + entry
                        + '"');
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("the prefix length of trusted proxy \"" + entry
                            + "\" must be between 0 and " + address.length * 8);
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    /**
     * Whether {@code address} is a trusted proxy.
     *
     * @param address a literal IP address (anything else is not trusted)
     * @return {@code true} when it lies in one of the blocks
     */
    public boolean contains(@Nullable String address) {
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        for (Block b : blocks) {
            if (b.network().length == a.length && samePrefix(b.network(), a, b.bits())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address of a request: the socket's peer unless it is a trusted proxy; then
     * {@code X-Forwarded-For} is read from the right, skipping trusted proxies, and the first untrusted address is
     * the client (so a client cannot choose its address by sending the header itself). A hop that is no literal
     * address ends the walk at the last address a trusted proxy vouched for.
     *
     * @param peer the socket's peer address
     * @param forwardedFor the values of every {@code X-Forwarded-For} header, in order
     * @return the client address
     */
    public String clientAddress(String peer, List<String> forwardedFor) {
        if (blocks.isEmpty() || !contains(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) {
                break;
            }
            client = hop;
            if (!contains(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * Whether no proxy is trusted.
     *
     * @return {@code true} when empty
     */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    private static boolean samePrefix(byte[] x, byte[] y, int bits) {
        if (bits == 0) {
            return true;
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(x.length * 8).subtract(BigInteger.ONE)
                .shiftRight(x.length * 8 - bits).shiftLeft(x.length * 8 - bits);
        return new BigInteger(1, x).and(mask).equals(new BigInteger(1, y).and(mask));
    }

    /** The bytes of a literal IPv4 or IPv6 address, or {@code null}; never a DNS lookup. */
    static byte @Nullable [] literal(@Nullable String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 45) {
            return null;
        }
        boolean v6 = t.indexOf(':') >= 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F')));
            if (!ok) {
                return null;
            }
        }
        if (!v6) {
            // checked here, octet by octet: InetAddress would take a malformed IPv4 literal for a host name
            String[] octets = t.split("\\.", -1);
            if (octets.length != 4) {
                return null;
            }
            for (String o : octets) {
                if (o.isEmpty() || o.length() > 3 || Integer.parseInt(o) > 255) {
                    return null;
                }
            }
        }
        try {
            // a literal (checked above) is parsed without a lookup
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TrustedProxies[" + blocks.size() + " blocks]";
    }
}
