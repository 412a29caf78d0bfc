package io.headroom.testkit;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of three masters (no replicas) on 127.0.0.1, each a {@link RedisServer} process in
 * its own temporary directory on a random free port, with the 16384 slots split in three ranges.
 *
 * <p>{@link #start()} returns only when every node reports {@code cluster_state:ok}, all 16384 slots served
 * and all three nodes known, so a cluster client connecting to any {@linkplain #uris() node URI} sees the
 * whole topology at once. A JVM shutdown hook kills nodes a test forgot to close.
 *
 * <pre>{@code
 * RedisCluster cluster = RedisCluster.shared();
 * RedisClusterClient client = RedisClusterClient.create(cluster.uris().stream().map(RedisURI::create).toList());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

    /** The number of hash slots in Redis Cluster. */
    static final int SLOTS = 16_384;
    private static final int NODES = 3;
    private static final int ADDSLOTS_CHUNK = 1_000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static @Nullable RedisCluster sharedCluster;

    private final List<RedisServer> nodes;
    private final boolean shared;

    private RedisCluster(List<RedisServer> nodes, boolean shared) {
        this.nodes = List.copyOf(nodes);
        this.shared = shared;
    }

    /**
     * Starts a new three-master cluster and waits until it is fully formed (at most 30 s).
     *
     * @return the running cluster; close it when done
     * @throws IllegalStateException if a node does not start or the cluster does not form in time (the
     *     message includes every node's cluster state and output)
     * @throws UncheckedIOException on I/O failure while setting the cluster up
     */
    public static RedisCluster start() {
        return create(false);
    }

    /**
     * Returns the cluster shared by the whole JVM, starting it on first use (or again if a node died). Its
     * {@link #close()} does nothing; the JVM shutdown hook stops it. Tests sharing it should use their own
     * keys or call {@link #flushAll()} first.
     *
     * @return the shared running cluster
     * @throws IllegalStateException if it cannot be started, as for {@link #start()}
     */
    public static synchronized RedisCluster shared() {
        RedisCluster current = sharedCluster;
        if (current == null || !current.isRunning()) {
            if (current != null) {
                current.destroy();
            }
            current = create(true);
            sharedCluster = current;
        }
        return current;
    }

    private static RedisCluster create(boolean shared) {
        List<RedisServer> nodes = new ArrayList<>(NODES);
        try {
            for (int i = 0; i < NODES; i++) {
                nodes.add(RedisServer.launch(RedisServer.Options.defaults(), port -> List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "5000"), true, false));
            }
            for (int i = 0; i < NODES; i++) {
                RedisServer node = nodes.get(i);
                // distinct epochs up front spare the nodes the epoch-collision dance (redis-cli does the same)
                node.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                addSlots(node, i * SLOTS / NODES, (i + 1) * SLOTS / NODES - 1);
            }
            // node 1 meets the others; every later node also meets the ones after it, so no node waits for
            // gossip to learn a peer (a master still turns ok only ~2 s after it started: CLUSTER_WRITABLE_DELAY)
            for (int i = 0; i < NODES; i++) {
                for (int j = i + 1; j < NODES; j++) {
                    nodes.get(i).call("CLUSTER", "MEET", FreePorts.LOOPBACK, Integer.toString(nodes.get(j).port()));
                }
            }
            awaitFormed(nodes);
            return new RedisCluster(nodes, shared);
        } catch (RuntimeException | Error e) {
            nodes.forEach(RedisServer::destroy);
            throw e;
        }
    }

    /** Assigns slots first..last (inclusive); Redis 6.2 has no ADDSLOTSRANGE, so slots go as arguments. */
    private static void addSlots(RedisServer node, int first, int last) {
        for (int from = first; from <= last; from += ADDSLOTS_CHUNK) {
            int to = Math.min(last, from + ADDSLOTS_CHUNK - 1);
            List<String> args = new ArrayList<>(2 + to - from + 1);
            args.add("CLUSTER");
            args.add("ADDSLOTS");
            for (int slot = from; slot <= to; slot++) {
                args.add(Integer.toString(slot));
            }
            node.call(args.toArray(String[]::new));
        }
    }

    private static void awaitFormed(List<RedisServer> nodes) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!isFormed(nodes)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("Redis Cluster did not form within " + READY_TIMEOUT + ":\n"
                        + describe(nodes));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Redis Cluster to form:\n"
                        + describe(nodes), e);
            }
        }
    }

    private static boolean isFormed(List<RedisServer> nodes) {
        for (RedisServer node : nodes) {
            try {
                Map<String, String> info = parseInfo(String.valueOf(node.call("CLUSTER", "INFO")));
                if (!"ok".equals(info.get("cluster_state"))
                        || !Integer.toString(SLOTS).equals(info.get("cluster_slots_ok"))
                        || !Integer.toString(nodes.size()).equals(info.get("cluster_known_nodes"))
                        || !knowsEveryMaster(node.call("CLUSTER", "SLOTS"), nodes.size())) {
                    return false;
                }
            } catch (UncheckedIOException notYet) {
                return false;
            }
        }
        return true;
    }

    /** CLUSTER SLOTS must list one range per master, each with a known address. */
    private static boolean knowsEveryMaster(@Nullable Object slots, int masters) {
        if (!(slots instanceof List<?> ranges) || ranges.size() != masters) {
            return false;
        }
        for (Object range : ranges) {
            // a range is [start, end, [ip, port, id], replicas...]
            if (!(range instanceof List<?> r) || r.size() < 3 || !(r.get(2) instanceof List<?> master)
                    || master.isEmpty() || String.valueOf(master.get(0)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> parseInfo(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static String describe(List<RedisServer> nodes) {
        StringBuilder text = new StringBuilder();
        for (RedisServer node : nodes) {
            text.append("--- node ").append(node.uri()).append('\n');
            for (String command : new String[] {"INFO", "NODES"}) {
                try {
                    text.append(node.call("CLUSTER", command)).append('\n');
                } catch (RuntimeException e) {
                    text.append("CLUSTER ").append(command).append(" failed: ").append(e.getMessage()).append('\n');
                }
            }
            text.append("output:\n").append(node.logTail()).append('\n');
        }
        return text.toString();
    }

    /**
     * Returns the nodes' addresses.
     *
     * @return an unmodifiable list of three {@code "127.0.0.1:PORT"} strings, in slot order
     */
    public List<String> nodes() {
        return nodes.stream().map(node -> node.host() + ":" + node.port()).toList();
    }

    /**
     * Returns the nodes' URIs, which cluster clients such as Lettuce's {@code RedisClusterClient} accept as seeds.
     *
     * @return an unmodifiable list of three {@code "redis://127.0.0.1:PORT"} strings, in slot order
     */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /**
     * Returns the nodes' ports.
     *
     * @return an unmodifiable list of three ports, in slot order
     */
    public List<Integer> ports() {
        return nodes.stream().map(RedisServer::port).toList();
    }

    /**
     * Tells whether every node process is alive and the cluster was not closed.
     *
     * @return {@code true} while all nodes run
     */
    public boolean isRunning() {
        return nodes.stream().allMatch(RedisServer::isRunning);
    }

    /**
     * Deletes every key on every node ({@code FLUSHALL} on each).
     *
     * @throws UncheckedIOException if a node cannot be reached or refuses
     */
    public void flushAll() {
        nodes.forEach(RedisServer::flushAll);
    }

    /**
     * Kills every node process and deletes their directories. Idempotent. Does nothing on the
     * {@linkplain #shared() shared} cluster.
     */
    @Override
    public void close() {
        if (!shared) {
            destroy();
        }
    }

    private void destroy() {
        nodes.forEach(RedisServer::destroy);
    }

    /**
     * Describes the cluster.
     *
     * @return its node URIs and whether it runs
     */
    @Override
    public String toString() {
        return "RedisCluster" + uris() + (isRunning() ? "" : ", stopped") + (shared ? ", shared" : "");
    }
}
