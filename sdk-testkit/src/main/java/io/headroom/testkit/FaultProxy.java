package io.headroom.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 that forwards to a target (typically a {@link RedisServer}) and injects faults on
 * command: latency, a black hole, reset connections, and a full outage with refused connects.
 *
 * <p>Point the client under test at {@link #uri()} instead of the server. Every control takes effect at once,
 * for open connections and new ones alike:
 * <ul>
 *   <li>{@link #latency(Duration)} delays every chunk of bytes, in both directions;</li>
 *   <li>{@link #blackhole()} accepts connections and bytes but forwards nothing until {@link #resume()}; held
 *       bytes are then delivered in order, so a client that timed out meanwhile stays in step with its
 *       replies;</li>
 *   <li>{@link #resetConnections()} aborts every open connection with a TCP RST, the proxy keeps listening;</li>
 *   <li>{@link #down()} stops listening and aborts every connection, so connects are refused, until
 *       {@link #up()} listens again on the same port;</li>
 *   <li>{@link #heal()} clears all of these.</li>
 * </ul>
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(RedisServer.shared())) {
 *     RedisClient client = RedisClient.create(proxy.uri());
 *     proxy.down();   // the backend is now unreachable
 *     proxy.up();     // and back
 * }
 * }</pre>
 *
 * <p>One daemon thread per direction of each connection, plus one accepting; {@link #close()} stops them all.
 * Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final long REBIND_TIMEOUT_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int BUFFER_SIZE = 16 * 1024;

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final ExecutorService threads;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    // Guards the fault state and is what forwarding threads wait on; every change calls notifyAll().
    private final Object faults = new Object();
    private long latencyNanos;
    private boolean blackholed;

    // Guards the listener's lifecycle (down/up/close).
    private final Object lifecycle = new Object();
    private @Nullable Listener listener;
    private volatile boolean closed;

    private FaultProxy(String targetHost, int targetPort, ServerSocket socket) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = socket.getLocalPort();
        this.threads = Executors.newCachedThreadPool(daemonThreads("headroom-fault-proxy-" + port + "-"));
        this.listener = new Listener(socket);
    }

    /**
     * Starts a proxy on a random free port of 127.0.0.1 that forwards to {@code targetHost:targetPort}.
     *
     * @param targetHost the host to forward to
     * @param targetPort the port to forward to, 1 to 65535
     * @return the running proxy, without faults; close it when done
     * @throws IllegalArgumentException if {@code targetHost} is null or blank or {@code targetPort} is out of
     *     range
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static FaultProxy start(String targetHost, int targetPort) {
        if (targetHost == null || targetHost.isBlank()) {
            throw new IllegalArgumentException("targetHost must not be null or blank");
        }
        if (targetPort < 1 || targetPort > 65_535) {
            throw new IllegalArgumentException("targetPort must be between 1 and 65535, was " + targetPort);
        }
        try {
            return new FaultProxy(targetHost, targetPort, bind(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + FreePorts.LOOPBACK, e);
        }
    }

    /**
     * Starts a proxy on a random free port of 127.0.0.1 that forwards to a Redis server.
     *
     * @param target the server to forward to
     * @return the running proxy, without faults; close it when done
     * @throws IllegalArgumentException if {@code target} is null
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static FaultProxy start(RedisServer target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        return start(target.host(), target.port());
    }

    /**
     * Starts a proxy on a random free port of 127.0.0.1 that forwards to an OpenSearch node's HTTP API.
     *
     * @param target the node to forward to
     * @return the running proxy, without faults; close it when done
     * @throws IllegalArgumentException if {@code target} is null
     * @throws UncheckedIOException if the proxy cannot listen
     */
    public static FaultProxy start(OpenSearchNode target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        return start(target.host(), target.port());
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // lets up() bind the same port again right after down()
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(FreePorts.LOOPBACK, port), 128);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Delays every chunk of bytes forwarded from now on, in both directions, by {@code latency} after it was
     * read; chunks already waiting follow the new value at once.
     *
     * @param latency the delay; {@link Duration#ZERO} removes it
     * @throws IllegalArgumentException if {@code latency} is null or negative
     */
    public void latency(Duration latency) {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive, was " + latency);
        }
        synchronized (faults) {
            latencyNanos = latency.toNanos();
            faults.notifyAll();
        }
    }

    /**
     * Stops forwarding: connections are still accepted and bytes still read, but held until
     * {@link #resume()}, so clients time out.
     */
    public void blackhole() {
        synchronized (faults) {
            blackholed = true;
            faults.notifyAll();
        }
    }

    /** Ends a {@link #blackhole()}: held bytes are forwarded, in order, and forwarding continues. */
    public void resume() {
        synchronized (faults) {
            blackholed = false;
            faults.notifyAll();
        }
    }

    /**
     * Aborts every open connection with a TCP RST on both sides; the proxy keeps listening, so clients can
     * reconnect at once.
     */
    public void resetConnections() {
        for (Connection connection : new ArrayList<>(connections)) {
            abort(connection);
        }
    }

    /**
     * Simulates an outage: stops listening (new connects are refused) and aborts every open connection.
     * Idempotent.
     *
     * @throws IllegalStateException if the proxy is closed
     */
    public void down() {
        synchronized (lifecycle) {
            requireOpen();
            stopListening();
        }
        resetConnections();
    }

    /**
     * Ends an outage: listens again on the same {@link #port()} and forwards again. Idempotent.
     *
     * @throws IllegalStateException if the proxy is closed
     * @throws UncheckedIOException if the port cannot be bound again within 5 s (another process took it)
     */
    public void up() {
        synchronized (lifecycle) {
            requireOpen();
            if (listener != null) {
                return;
            }
            listener = new Listener(rebind());
        }
    }

    private ServerSocket rebind() {
        long deadline = System.nanoTime() + REBIND_TIMEOUT_NANOS;
        while (true) {
            try {
                return bind(port);
            } catch (BindException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new UncheckedIOException("cannot listen on port " + port + " again", e);
                }
                sleepQuietly(20);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + " again", e);
            }
        }
    }

    /**
     * Clears every fault: no latency, no black hole, listening.
     *
     * @throws IllegalStateException if the proxy is closed
     * @throws UncheckedIOException as for {@link #up()}
     */
    public void heal() {
        latency(Duration.ZERO);
        resume();
        up();
    }

    /**
     * Tells whether the proxy listens, i.e. is neither {@linkplain #down() down} nor closed.
     *
     * @return {@code true} while connects are accepted
     */
    public boolean isUp() {
        synchronized (lifecycle) {
            return listener != null;
        }
    }

    /**
     * Returns the host the proxy listens on.
     *
     * @return always {@code "127.0.0.1"}
     */
    public String host() {
        return FreePorts.LOOPBACK;
    }

    /**
     * Returns the port the proxy listens on; it stays the same across {@link #down()} and {@link #up()}.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns a Redis URI of the proxy, for clients such as Lettuce.
     *
     * @return {@code "redis://127.0.0.1:PORT"}
     */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    /**
     * Returns the host the proxy forwards to.
     *
     * @return the target host
     */
    public String targetHost() {
        return targetHost;
    }

    /**
     * Returns the port the proxy forwards to.
     *
     * @return the target port
     */
    public int targetPort() {
        return targetPort;
    }

    /**
     * Returns how many client connections are open through the proxy right now.
     *
     * @return the number of open connections
     */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops listening, aborts every connection and stops every thread of the proxy. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            stopListening();
        }
        resetConnections();
        synchronized (faults) {
            faults.notifyAll();
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Describes the proxy.
     *
     * @return its address, target and state
     */
    @Override
    public String toString() {
        boolean up = isUp();
        synchronized (faults) {
            return "FaultProxy[" + uri() + " -> " + targetHost + ":" + targetPort
                    + (closed ? ", closed" : up ? "" : ", down")
                    + (blackholed ? ", blackholed" : "")
                    + (latencyNanos > 0 ? ", latency " + Duration.ofNanos(latencyNanos) : "")
                    + ", connections " + connections.size() + "]";
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the proxy is closed: " + uri());
        }
    }

    /** Closes the listener, if any, and waits until it refuses connects; call with the lifecycle lock held. */
    private void stopListening() {
        Listener current = listener;
        listener = null;
        if (current != null) {
            current.stop();
        }
    }

    private void open(Socket client, ServerSocket acceptedBy) {
        Socket target = new Socket();
        try {
            client.setTcpNoDelay(true);
            target.setTcpNoDelay(true);
            target.connect(new InetSocketAddress(targetHost, targetPort), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            abortQuietly(client);
            closeQuietly(target);
            return;
        }
        Connection connection = new Connection(client, target);
        connections.add(connection);
        // down() closes the listener before it aborts connections; a connection it may have missed is
        // recognised by its closed listener
        if (closed || acceptedBy.isClosed()) {
            abort(connection);
            return;
        }
        try {
            threads.execute(() -> pump(connection, client, target));
            threads.execute(() -> pump(connection, target, client));
        } catch (RuntimeException e) { // rejected: the proxy is closing
            abort(connection);
        }
    }

    private void abort(Connection connection) {
        connection.abort();
        connections.remove(connection);
    }

    private void pump(Connection connection, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_SIZE];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                if (!awaitForwarding(connection, System.nanoTime())) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // reset, closed by the other direction, or the peer went away: the connection ends either way
        } finally {
            connection.closeGracefully();
            connections.remove(connection);
        }
    }

    /** Waits while black-holed or until the latency since {@code readAt} has passed; false if aborted. */
    private boolean awaitForwarding(Connection connection, long readAt) {
        synchronized (faults) {
            try {
                while (true) {
                    if (closed || connection.isAborted()) {
                        return false;
                    }
                    if (blackholed) {
                        faults.wait();
                        continue;
                    }
                    long remaining = readAt + latencyNanos - System.nanoTime();
                    if (remaining <= 0) {
                        return true;
                    }
                    TimeUnit.NANOSECONDS.timedWait(faults, remaining);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private void wakeWaiters() {
        synchronized (faults) {
            faults.notifyAll();
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    private static void abortQuietly(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // closing below is what matters
        }
        closeQuietly(socket);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A listening socket and the thread accepting on it. */
    private final class Listener {
        private final ServerSocket socket;
        private final CountDownLatch acceptorDone = new CountDownLatch(1);

        Listener(ServerSocket socket) {
            this.socket = socket;
            try {
                threads.execute(this::acceptLoop);
            } catch (RuntimeException e) {
                closeQuietly(socket);
                throw e;
            }
        }

        private void acceptLoop() {
            try {
                while (true) {
                    Socket client;
                    try {
                        client = socket.accept();
                    } catch (IOException e) {
                        return; // the listener was closed by down() or close()
                    }
                    try {
                        threads.execute(() -> open(client, socket));
                    } catch (RuntimeException e) { // rejected: the proxy is closing
                        abortQuietly(client);
                        return;
                    }
                }
            } finally {
                acceptorDone.countDown();
            }
        }

        /**
         * Closes the socket and waits for the accepting thread to leave accept(): until then the kernel keeps
         * the socket listening (the blocked call holds it), and a connect could still succeed after down().
         */
        void stop() {
            closeQuietly(socket);
            try {
                if (!acceptorDone.await(5, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the accepting thread of " + uri() + " did not stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A client socket and its target socket, forwarded both ways. */
    private final class Connection {
        private final Socket client;
        private final Socket target;
        private volatile boolean aborted;

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        boolean isAborted() {
            return aborted;
        }

        /** Closes both sides with a TCP RST, like a broken network would, and wakes its waiting threads. */
        void abort() {
            aborted = true;
            abortQuietly(client);
            abortQuietly(target);
            wakeWaiters();
        }

        /** Closes both sides normally, e.g. after one side hung up. */
        void closeGracefully() {
            closeQuietly(client);
            closeQuietly(target);
        }

    }
}
