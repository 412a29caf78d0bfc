package io.headroom.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} process on 127.0.0.1, started for tests and killed on {@link #close()}.
 *
 * <p>The executable is chosen by the system property {@code headroom.redis.server} or the environment variable
 * {@code HEADROOM_REDIS_SERVER}: {@code embedded} (the Linux x86-64 Redis 6.2 bundled in the {@code embedded-redis}
 * jar), {@code path} ({@code redis-server} on {@code PATH}) or the path of an executable; unset, the bundled binary
 * where it runs, else {@code redis-server} on {@code PATH}. The server listens on a random free port, keeps no data on disk
 * ({@code --save '' --appendonly no}), runs in a fresh temporary directory that {@link #close()} deletes, and
 * has protected mode off. A JVM shutdown hook kills servers a test forgot to close.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     RedisClient client = RedisClient.create(redis.uri());
 *     ...
 * }
 * // or one server for the whole JVM:
 * RedisServer redis = RedisServer.shared();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PING_TIMEOUT = Duration.ofMillis(500);
    private static final int START_ATTEMPTS = 3;
    private static final int LOG_TAIL_CHARS = 4_000;

    private static @Nullable RedisServer sharedServer;

    private final Process process;
    private final int port;
    private final Path dir;
    private final boolean shared;
    private final List<String> command;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Runnable reaperAction = this::destroy;

    private RedisServer(Process process, int port, Path dir, boolean shared, List<String> command) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.shared = shared;
        this.command = List.copyOf(command);
    }

    /**
     * Starts a new server with {@linkplain Options#defaults() default options} and waits until it answers PING.
     *
     * @return the running server; close it when done
     * @throws IllegalStateException if no executable is found or the server does not start in time (the
     *     message includes the server's output)
     * @throws UncheckedIOException on I/O failure while preparing the server
     */
    public static RedisServer start() {
        return start(Options.defaults());
    }

    /**
     * Starts a new server with the given options and waits until it answers PING.
     *
     * @param options extra arguments and the startup timeout
     * @return the running server; close it when done
     * @throws IllegalArgumentException if {@code options} is {@code null}
     * @throws IllegalStateException if no executable is found or the server does not start in time (the
     *     message includes the server's output)
     * @throws UncheckedIOException on I/O failure while preparing the server
     */
    public static RedisServer start(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return launch(options, port -> List.of(), false, false);
    }

    /**
     * Returns the server shared by the whole JVM, starting it on first use (or again if it died). Its
     * {@link #close()} and {@link #stop()} do nothing; the JVM shutdown hook stops it. Tests sharing it should
     * use their own keys or call {@link #flushAll()} first.
     *
     * @return the shared running server
     * @throws IllegalStateException if it cannot be started, as for {@link #start()}
     */
    public static synchronized RedisServer shared() {
        RedisServer current = sharedServer;
        if (current == null || !current.isRunning()) {
            current = launch(Options.defaults(), port -> List.of(), false, true);
            sharedServer = current;
        }
        return current;
    }

    /**
     * Starts a server, retrying on a fresh port if the chosen one was taken before the server bound it.
     *
     * @param options user options; their arguments go last so they can override the defaults
     * @param portArgs arguments that depend on the chosen port (for cluster mode)
     * @param clusterBus whether {@code port + 10000} must be free too (cluster mode)
     * @param shared whether close() must be a no-op
     * @return the running server
     */
    static RedisServer launch(Options options, IntFunction<List<String>> portArgs, boolean clusterBus,
            boolean shared) {
        Path executable = RedisBinary.resolve();
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = clusterBus ? FreePorts.findWithClusterBus() : FreePorts.find();
            Path dir = TempDirs.create("headroom-redis-" + port + "-");
            List<String> command = new ArrayList<>(List.of(executable.toString(),
                    "--port", Integer.toString(port),
                    "--bind", FreePorts.LOOPBACK,
                    "--protected-mode", "no",
                    "--daemonize", "no",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", dir.toString()));
            command.addAll(portArgs.apply(port));
            command.addAll(options.extraArgs());
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile())
                        .start();
            } catch (IOException e) {
                TempDirs.deleteQuietly(dir);
                throw new UncheckedIOException("cannot run " + executable, e);
            }
            RedisServer server = new RedisServer(process, port, dir, shared, command);
            ShutdownReaper.register(server.reaperAction);
            String problem = server.awaitPong(options.startupTimeout());
            if (problem == null) {
                return server;
            }
            String log = server.logTail();
            server.destroy();
            failure = new IllegalStateException("redis-server on port " + port + " " + problem + "; command: "
                    + command + "; output:\n" + log);
            if (!log.contains("Address already in use")) {
                break; // only a lost race for the port is worth another try
            }
        }
        throw failure;
    }

    /** Waits for PONG; returns null when it came, else what went wrong. */
    private @Nullable String awaitPong(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                return "exited with code " + process.exitValue() + " during startup";
            }
            try {
                if ("PONG".equals(RespClient.call(host(), port, PING_TIMEOUT, "PING"))) {
                    return null;
                }
            } catch (IOException notYet) {
                // not listening yet; poll again below
            }
            if (System.nanoTime() - deadline >= 0) {
                return "did not answer PING within " + timeout;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "startup was interrupted";
            }
        }
    }

    /**
     * Returns the host the server listens on.
     *
     * @return always {@code "127.0.0.1"}
     */
    public String host() {
        return FreePorts.LOOPBACK;
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns a URI clients such as Lettuce accept.
     *
     * @return {@code "redis://127.0.0.1:PORT"}
     */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    /**
     * Tells whether the server process is alive and was not stopped.
     *
     * @return {@code true} while the server runs
     */
    public boolean isRunning() {
        return !stopped.get() && process.isAlive();
    }

    /**
     * Deletes every key in every database ({@code FLUSHALL}).
     *
     * @throws UncheckedIOException if the server cannot be reached or refuses
     */
    public void flushAll() {
        call("FLUSHALL");
    }

    /**
     * Sends one command through a short-lived connection (used by {@link RedisCluster} and {@link #flushAll()}).
     *
     * @param args the command and its arguments
     * @return the reply as mapped by {@link RespClient}
     * @throws UncheckedIOException on failure or an error reply
     */
    @Nullable Object call(String... args) {
        try {
            return RespClient.call(host(), port, COMMAND_TIMEOUT, args);
        } catch (IOException e) {
            throw new UncheckedIOException(Arrays.toString(args) + " failed on " + uri() + ": " + e.getMessage(), e);
        }
    }

    /** Returns the process id, for tests of the test kit. */
    long pid() {
        return process.pid();
    }

    /** Returns the end of the server's output, for error messages. */
    String logTail() {
        try {
            String log = Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8);
            return log.length() <= LOG_TAIL_CHARS ? log : "..." + log.substring(log.length() - LOG_TAIL_CHARS);
        } catch (IOException | RuntimeException e) {
            return "(no output: " + e + ")";
        }
    }

    /**
     * Stops the server; the same as {@link #close()}.
     */
    public void stop() {
        close();
    }

    /**
     * Kills the server process (SIGTERM, then SIGKILL after a grace period of 5 s), waits for it to exit and
     * deletes its directory. Idempotent. Does nothing on the {@linkplain #shared() shared} server.
     */
    @Override
    public void close() {
        if (!shared) {
            destroy();
        }
    }

    /**
     * Sends a signal to the process with {@code kill -<signal> <pid>} (Linux and macOS), e.g. {@code STOP} and
     * {@code CONT} to freeze and thaw it.
     *
     * @param signal the signal's name without {@code SIG}
     * @throws IllegalStateException when {@code kill} fails
     */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + process.pid(), e);
        }
    }

    /**
     * Kills the process with SIGKILL (a crash: no shutdown, no final replication) and waits for it to exit, but
     * keeps its directory (with a cluster node's {@code nodes.conf}) for {@link #relaunch()}.
     */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the same command again in the same directory and on the same port (after {@link #kill()}); this
     * object is retired and the returned one owns the directory from now on.
     *
     * @param startupTimeout how long to wait for PING
     * @return the new server
     * @throws IllegalStateException if it does not start
     */
    RedisServer relaunch(Duration startupTimeout) {
        kill();
        if (stopped.compareAndSet(false, true)) {
            ShutdownReaper.unregister(reaperAction);
        }
        Process next;
        try {
            next = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
        RedisServer server = new RedisServer(next, port, dir, shared, command);
        ShutdownReaper.register(server.reaperAction);
        String problem = server.awaitPong(startupTimeout);
        if (problem != null) {
            String log = server.logTail();
            server.destroy();
            throw new IllegalStateException("redis-server on port " + port + " " + problem + " after a restart; "
                    + "output:\n" + log);
        }
        return server;
    }

    /** Stops the process and deletes the directory, once; also the shutdown-hook action. */
    void destroy() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        ShutdownReaper.unregister(reaperAction);
        boolean interrupted = false;
        try {
            process.destroy();
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            interrupted = true;
            process.destroyForcibly();
        } finally {
            TempDirs.deleteQuietly(dir);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Describes the server.
     *
     * @return its URI and whether it runs
     */
    @Override
    public String toString() {
        return "RedisServer[" + uri() + (isRunning() ? "" : ", stopped") + (shared ? ", shared" : "") + "]";
    }

    /**
     * How to start a {@link RedisServer}: extra command-line arguments and a startup timeout. Immutable.
     *
     * @param extraArgs arguments appended after the test kit's own (so they may override them), e.g.
     *     {@code List.of("--maxmemory", "10mb")}; copied
     * @param startupTimeout how long to wait for the first PONG; positive
     */
    public record Options(List<String> extraArgs, Duration startupTimeout) {

        /** The default startup timeout, 10 seconds. */
        public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);

        /**
         * Validates and copies the arguments.
         *
         * @param extraArgs arguments appended after the test kit's own; copied
         * @param startupTimeout how long to wait for the first PONG; positive
         * @throws IllegalArgumentException if {@code extraArgs} or an element is {@code null}, or
         *     {@code startupTimeout} is {@code null}, zero or negative
         */
        public Options {
            if (extraArgs == null || extraArgs.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException("extraArgs must not be null nor contain null");
            }
            if (startupTimeout == null || startupTimeout.isZero() || startupTimeout.isNegative()) {
                throw new IllegalArgumentException("startupTimeout must be positive, was " + startupTimeout);
            }
            extraArgs = List.copyOf(extraArgs);
        }

        /**
         * Returns options without extra arguments and a startup timeout of 10 s.
         *
         * @return the default options
         */
        public static Options defaults() {
            return new Options(List.of(), DEFAULT_STARTUP_TIMEOUT);
        }

        /**
         * Returns a copy with these extra arguments instead of the current ones.
         *
         * @param args e.g. {@code "--maxmemory", "10mb"}
         * @return the new options
         * @throws IllegalArgumentException if {@code args} or an element is {@code null}
         */
        public Options withExtraArgs(String... args) {
            if (args == null) {
                throw new IllegalArgumentException("args must not be null");
            }
            return new Options(Arrays.asList(args), startupTimeout);
        }

        /**
         * Returns a copy with this startup timeout.
         *
         * @param timeout how long to wait for the first PONG; positive
         * @return the new options
         * @throws IllegalArgumentException if {@code timeout} is {@code null}, zero or negative
         */
        public Options withStartupTimeout(Duration timeout) {
            return new Options(extraArgs, timeout);
        }
    }
}
