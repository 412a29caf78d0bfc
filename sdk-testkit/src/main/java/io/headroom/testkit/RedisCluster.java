package io.headroom.testkit;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of three masters on 127.0.0.1 ({@link #start()}: no replicas; {@link #startWithReplicas()}:
 * one replica per master), each node a {@link RedisServer} process in its own temporary directory on a random free
 * port, with the 16384 slots split in three ranges ("shards" 0, 1, 2).
 *
 * <p>With replicas, faults can be injected: {@link #killMaster(int)} (SIGKILL; a replica is promoted),
 * {@link #failover(int)} ({@code CLUSTER FAILOVER} on a replica: a clean hand-over) and {@link #restart(int)}
 * (the killed node comes back with its {@code nodes.conf} and rejoins as a replica). Each waits until the cluster
 * is whole again, so a test can measure what its client lost or how long it took to notice.
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
    /** With replicas: a node is failed after 1 s without answers, so a failover takes about 2 to 3 s. */
    private static final String REPLICA_NODE_TIMEOUT = "1000";
    private static final int ADDSLOTS_CHUNK = 1_000;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static @Nullable RedisCluster sharedCluster;

    private final List<RedisServer> nodes;
    private final boolean shared;

    private RedisCluster(List<RedisServer> nodes, boolean shared) {
        // a restarted node replaces its predecessor in place: indexes stay stable
        this.nodes = new java.util.concurrent.CopyOnWriteArrayList<>(nodes);
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
        return create(false, 0);
    }

    /**
     * Starts a new cluster of three masters and three replicas (nodes 0 to 2 start as the masters of shards 0 to
     * 2, node {@code 3 + i} as the replica of node {@code i}), with a 1 s node timeout, and waits until every
     * replica is in sync with its master (at most 30 s).
     *
     * @return the running cluster; close it when done
     * @throws IllegalStateException if a node does not start or the cluster does not form in time
     * @throws UncheckedIOException on I/O failure while setting the cluster up
     */
    public static RedisCluster startWithReplicas() {
        return create(false, 1);
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
            current = create(true, 0);
            sharedCluster = current;
        }
        return current;
    }

    private static RedisCluster create(boolean shared, int replicas) {
        int total = NODES * (1 + replicas);
        List<RedisServer> nodes = new ArrayList<>(total);
        try {
            for (int i = 0; i < total; i++) {
                nodes.add(RedisServer.launch(RedisServer.Options.defaults(), port -> {
                    List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes",
                            "--cluster-config-file", "nodes-" + port + ".conf",
                            "--cluster-node-timeout", replicas == 0 ? "5000" : REPLICA_NODE_TIMEOUT));
                    if (replicas > 0) {
                        // any replica may take over, however long its link was down (tests kill nodes often)
                        args.addAll(List.of("--cluster-replica-validity-factor", "0"));
                    }
                    return args;
                }, true, false));
            }
            for (int i = 0; i < NODES; i++) {
                RedisServer node = nodes.get(i);
                // distinct epochs up front spare the nodes the epoch-collision dance (redis-cli does the same)
                node.call("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
                addSlots(node, i * SLOTS / NODES, (i + 1) * SLOTS / NODES - 1);
            }
            // node 1 meets the others; every later node also meets the ones after it, so no node waits for
            // gossip to learn a peer (a master still turns ok only ~2 s after it started: CLUSTER_WRITABLE_DELAY)
            for (int i = 0; i < total; i++) {
                for (int j = i + 1; j < total; j++) {
                    nodes.get(i).call("CLUSTER", "MEET", FreePorts.LOOPBACK, Integer.toString(nodes.get(j).port()));
                }
            }
            for (int r = NODES; r < total; r++) {
                replicate(nodes.get(r), nodes.get(r % NODES));
            }
            awaitFormed(nodes, NODES);
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

    /** CLUSTER REPLICATE, retried until the replica has learnt its master's id by gossip. */
    private static void replicate(RedisServer replica, RedisServer master) {
        String masterId = String.valueOf(master.call("CLUSTER", "MYID"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                replica.call("CLUSTER", "REPLICATE", masterId);
                return;
            } catch (RuntimeException unknownYet) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("node " + replica.uri() + " cannot replicate " + master.uri(),
                            unknownYet);
                }
                sleep(50);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Redis Cluster", e);
        }
    }

    private static void awaitFormed(List<RedisServer> nodes, int masters) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!isFormed(nodes, masters)) {
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

    private static boolean isFormed(List<RedisServer> nodes, int masters) {
        for (RedisServer node : nodes) {
            try {
                Map<String, String> info = parseInfo(String.valueOf(node.call("CLUSTER", "INFO")));
                if (!"ok".equals(info.get("cluster_state"))
                        || !Integer.toString(SLOTS).equals(info.get("cluster_slots_ok"))
                        || !Integer.toString(nodes.size()).equals(info.get("cluster_known_nodes"))
                        || !knowsEveryMaster(node.call("CLUSTER", "SLOTS"), masters)) {
                    return false;
                }
                if (nodes.size() > masters) {
                    Map<String, String> replication = parseInfo(String.valueOf(node.call("INFO", "replication")));
                    boolean synced = "master".equals(replication.get("role"))
                            ? !"0".equals(replication.get("connected_slaves"))
                            : "up".equals(replication.get("master_link_status"));
                    if (!synced) {
                        return false;
                    }
                }
            } catch (UncheckedIOException | IllegalStateException notYet) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ faults (clusters with replicas)

    /**
     * The shard whose slot range holds a hash slot (as the cluster was started; {@link #failover} and
     * {@link #killMaster} move shards between nodes, never slots between shards).
     *
     * @param slot a hash slot, e.g. {@code io.lettuce.core.cluster.SlotHash.getSlot(key)}
     * @return 0, 1 or 2
     * @throws IllegalArgumentException when {@code slot} is outside [0, 16383]
     */
    public static int shardOf(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot must be between 0 and 16383, was " + slot);
        }
        int shard = NODES - 1;
        while ((long) shard * SLOTS / NODES > slot) {
            shard--;
        }
        return shard;
    }

    /**
     * The node currently serving a shard's slots as master.
     *
     * @param shard 0, 1 or 2
     * @return the node's index in {@link #uris()}
     * @throws IllegalStateException when no running node knows the shard's master
     */
    public int masterOf(int shard) {
        int port = masterPort(shard);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).port() == port) {
                return i;
            }
        }
        throw new IllegalStateException("shard " + shard + " is served by unknown port " + port);
    }

    private int masterPort(int shard) {
        return slotPort((int) ((long) shard * SLOTS / NODES));
    }

    /** The port of the master every running node that answers names for a slot (the first one asked). */
    private int slotPort(int slot) {
        for (RedisServer node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            try {
                if (node.call("CLUSTER", "SLOTS") instanceof List<?> ranges) {
                    for (Object range : ranges) {
                        if (range instanceof List<?> r && ((Long) r.get(0)) <= slot && slot <= (Long) r.get(1)
                                && r.get(2) instanceof List<?> master) {
                            return ((Long) master.get(1)).intValue();
                        }
                    }
                }
            } catch (RuntimeException tryAnother) {
                // a node that is going down
            }
        }
        throw new IllegalStateException("no running node knows the master of slot " + slot + ":\n" + this);
    }

    /**
     * Kills a shard's master with SIGKILL and waits (at most 30 s) until its replica was promoted and every
     * running node reports {@code cluster_state:ok}. Writes the master acknowledged but had not yet sent to the
     * replica are lost: Redis replicates asynchronously.
     *
     * @param shard 0, 1 or 2
     * @return the index of the killed node, for {@link #restart(int)}
     * @throws IllegalStateException when the cluster has no replicas or does not recover in time
     */
    public int killMaster(int shard) {
        requireReplicas();
        int victim = masterOf(shard);
        int port = nodes.get(victim).port();
        nodes.get(victim).kill();
        awaitCondition(() -> masterPort(shard) != port && allRunningOk(), "a replica of shard " + shard
                + " to be promoted after its master " + port + " was killed");
        return victim;
    }

    /**
     * Like {@link #killMaster(int)}, but first cuts the master's replication for {@code lag}: its replicas are
     * frozen (SIGSTOP) so they cannot reconnect, the master drops their links ({@code CLIENT KILL TYPE replica})
     * and keeps acknowledging writes it can no longer replicate; then it is killed, the replicas are thawed and one
     * is promoted without those writes. This makes Redis' asynchronous-replication loss window as wide as
     * {@code lag}, so a test sees it every time.
     *
     * @param shard 0, 1 or 2
     * @param lag how long the master accepts writes its replicas never receive
     * @return the index of the killed node, for {@link #restart(int)}
     * @throws IllegalStateException when the cluster has no replicas or does not recover in time
     */
    public int killMasterAfterCuttingReplication(int shard, Duration lag) {
        requireReplicas();
        int victim = masterOf(shard);
        RedisServer master = nodes.get(victim);
        List<RedisServer> replicas = new ArrayList<>();
        for (RedisServer node : nodes) {
            if (node != master && node.isRunning() && Integer.toString(master.port()).equals(
                    parseInfo(String.valueOf(node.call("INFO", "replication"))).get("master_port"))) {
                replicas.add(node);
            }
        }
        replicas.forEach(r -> r.signal("STOP"));
        try {
            master.call("CLIENT", "KILL", "TYPE", "replica");
            sleep(lag.toMillis());
            master.kill();
        } finally {
            replicas.forEach(r -> r.signal("CONT"));
        }
        int port = master.port();
        awaitCondition(() -> masterPort(shard) != port && allRunningOk(), "a replica of shard " + shard
                + " to be promoted after its master " + port + " was killed with replication cut");
        return victim;
    }

    /**
     * Runs {@code CLUSTER FAILOVER} on a replica of the shard's master (a coordinated hand-over: the replica
     * catches up first, so no acknowledged write is lost) and waits (at most 30 s) until it serves the shard.
     *
     * @param shard 0, 1 or 2
     * @return the index of the new master
     * @throws IllegalStateException when the shard has no running replica or the failover does not complete
     */
    public int failover(int shard) {
        requireReplicas();
        int master = masterOf(shard);
        String masterPort = Integer.toString(nodes.get(master).port());
        for (int i = 0; i < nodes.size(); i++) {
            RedisServer node = nodes.get(i);
            if (i == master || !node.isRunning()) {
                continue;
            }
            Map<String, String> replication = parseInfo(String.valueOf(node.call("INFO", "replication")));
            if ("slave".equals(replication.get("role")) && masterPort.equals(replication.get("master_port"))) {
                node.call("CLUSTER", "FAILOVER");
                int port = node.port();
                awaitCondition(() -> masterPort(shard) == port && allRunningOk(),
                        "replica " + port + " to take over shard " + shard);
                return i;
            }
        }
        throw new IllegalStateException("shard " + shard + " has no running replica:\n" + this);
    }

    /**
     * Moves one hash slot, keys and all, from the master serving it to the master of another shard, the way
     * {@code redis-cli --cluster reshard} does: {@code SETSLOT IMPORTING/MIGRATING}, {@code MIGRATE} in batches of
     * 100 keys (clients meanwhile get {@code ASK} for moved keys), then {@code SETSLOT NODE} on every master (and
     * {@code MOVED} from then on). Works with or without replicas.
     *
     * @param slot the hash slot
     * @param toShard the shard whose master receives it
     * @throws IllegalStateException when the slot already lives there or the move does not complete in 30 s
     */
    public void migrateSlot(int slot, int toShard) {
        RedisServer source = nodes.get(masterOfSlot(slot));
        RedisServer target = nodes.get(masterOf(toShard));
        if (source == target) {
            throw new IllegalStateException("slot " + slot + " already lives on shard " + toShard);
        }
        String s = Integer.toString(slot);
        String sourceId = String.valueOf(source.call("CLUSTER", "MYID"));
        String targetId = String.valueOf(target.call("CLUSTER", "MYID"));
        target.call("CLUSTER", "SETSLOT", s, "IMPORTING", sourceId);
        source.call("CLUSTER", "SETSLOT", s, "MIGRATING", targetId);
        while (true) {
            List<?> keys = (List<?>) source.call("CLUSTER", "GETKEYSINSLOT", s, "100");
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", target.host(), Integer.toString(target.port()),
                    "", "0", "5000", "KEYS"));
            keys.forEach(k -> migrate.add(String.valueOf(k)));
            source.call(migrate.toArray(String[]::new));
        }
        for (RedisServer node : nodes) {
            if (node.isRunning() && "master".equals(parseInfo(String.valueOf(node.call("INFO", "replication")))
                    .get("role"))) {
                node.call("CLUSTER", "SETSLOT", s, "NODE", targetId);
            }
        }
        int port = target.port();
        awaitCondition(() -> slotPort(slot) == port && allRunningOk(), "slot " + slot + " to move to " + port);
    }

    private int masterOfSlot(int slot) {
        int port = slotPort(slot);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).port() == port) {
                return i;
            }
        }
        throw new IllegalStateException("slot " + slot + " is served by unknown port " + port);
    }

    /**
     * Starts a killed node again on its port with its {@code nodes.conf}; it rejoins as a replica. Waits (at most
     * 30 s) until every node is running and in sync again.
     *
     * @param node the index returned by {@link #killMaster(int)}
     * @throws IllegalStateException when it does not rejoin in time
     */
    public void restart(int node) {
        RedisServer old = nodes.get(node);
        nodes.set(node, old.relaunch(RedisServer.Options.DEFAULT_STARTUP_TIMEOUT));
        awaitFormed(nodes, NODES);
    }

    private void requireReplicas() {
        if (nodes.size() == NODES) {
            throw new IllegalStateException("this cluster has no replicas: start it with startWithReplicas()");
        }
    }

    private boolean allRunningOk() {
        for (RedisServer node : nodes) {
            if (node.isRunning() && !"ok".equals(parseInfo(String.valueOf(node.call("CLUSTER", "INFO")))
                    .get("cluster_state"))) {
                return false;
            }
        }
        return true;
    }

    private void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // a node in transition; ask again
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException("timed out after " + READY_TIMEOUT + " waiting for " + what + ":\n"
                        + describe(nodes));
            }
            sleep(50);
        }
    }

    /** CLUSTER SLOTS must list one range per master, each with a known address. */
    private static boolean knowsEveryMaster(@Nullable Object slots, int masters) {
        // at least one range per master: a migrated slot splits a range in more
        if (!(slots instanceof List<?> ranges) || ranges.size() < masters) {
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
     * @return an unmodifiable list of {@code "127.0.0.1:PORT"} strings: the three masters in slot order, then
     *     (with replicas) their replicas in the same order
     */
    public List<String> nodes() {
        return nodes.stream().map(node -> node.host() + ":" + node.port()).toList();
    }

    /**
     * Returns the nodes' URIs, which cluster clients such as Lettuce's {@code RedisClusterClient} accept as seeds.
     *
     * @return an unmodifiable list of {@code "redis://127.0.0.1:PORT"} strings, in the order of {@link #nodes()}
     */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    /**
     * Returns the nodes' ports.
     *
     * @return an unmodifiable list of ports, in the order of {@link #nodes()}
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
