package io.headroom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Finds free TCP ports on the loopback interface by letting the OS pick one (bind to port 0). The port is
 * released before it is returned, so another process may take it first; callers retry on bind failure.
 * Thread-safe.
 */
final class FreePorts {

    /** The loopback address every server and proxy of the test kit binds to. */
    static final String LOOPBACK = "127.0.0.1";

    /** Redis Cluster talks node to node on the client port plus this offset. */
    static final int CLUSTER_BUS_OFFSET = 10_000;

    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    /**
     * Returns a port that was free on 127.0.0.1 a moment ago.
     *
     * @return the port
     * @throws UncheckedIOException if no port can be bound at all
     */
    static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LOOPBACK, e);
        }
    }

    /**
     * Returns a port {@code p} such that both {@code p} and its cluster bus port {@code p + 10000} were free
     * a moment ago (and {@code p + 10000} is a valid port).
     *
     * @return the port
     * @throws IllegalStateException if no such pair was found after several attempts
     */
    static int findWithClusterBus() {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = find();
            if (port + CLUSTER_BUS_OFFSET <= 65_535 && isFree(port + CLUSTER_BUS_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port p with a free cluster bus port p+" + CLUSTER_BUS_OFFSET
                + " found on " + LOOPBACK + " after " + ATTEMPTS + " attempts");
    }

    /**
     * Tells whether a port can be bound on 127.0.0.1 right now.
     *
     * @param port the port
     * @return {@code true} if binding it succeeded
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }
}
