package dev.sockeye.redis.topology;

import dev.sockeye.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of 3 masters and 3 replicas on loopback ports, made with the installed
 * {@code redis-server} and {@code redis-cli --cluster create}, in a temporary directory. Failures
 * are detected after 1 s ({@code cluster-node-timeout 1000}) and a replica always takes over
 * ({@code cluster-replica-validity-factor 0}). {@link #close()} stops every node.
 */
final class LocalRedisCluster implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final List<RedisProcess> nodes = new ArrayList<>();

    private LocalRedisCluster(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts the six nodes, creates the cluster and waits until every node sees it whole.
     *
     * @return the running cluster
     */
    static LocalRedisCluster start() {
        return RedisProcess.started(
                new LocalRedisCluster(RedisProcess.tempDirectory("sockeye-redis-cluster")),
                LocalRedisCluster::create,
                LocalRedisCluster::close);
    }

    private void create() {
        int first = RedisProcess.freePorts(6, true);
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (int port = first; port < first + 6; port++) {
            nodes.add(RedisProcess.start(
                    port,
                    dir.resolve(String.valueOf(port)),
                    "--port",
                    String.valueOf(port),
                    "--bind",
                    "127.0.0.1",
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "1000",
                    "--cluster-replica-validity-factor",
                    "0",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--repl-diskless-sync-delay",
                    "0"));
            create.add("127.0.0.1:" + port);
        }
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String output = RedisProcess.run(create, Duration.ofSeconds(30));
        if (!output.contains("[OK] All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
        }
        awaitHealthy();
    }

    /**
     * The seed nodes, for {@code RedisTopology.cluster}: every node's {@code 127.0.0.1:port}.
     *
     * @return the addresses
     */
    String[] seeds() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.port).toArray(String[]::new);
    }

    /**
     * The port of the master serving the slot of a key or shard channel.
     *
     * @param key the key or channel
     * @return the master's port
     */
    int masterOf(String key) {
        return masterOf(key, clusterNodes(anyLiveNode()));
    }

    private int masterOf(String key, List<String[]> clusterNodes) {
        int slot = Integer.parseInt(anyLiveNode().cli("CLUSTER", "KEYSLOT", key));
        for (String[] node : clusterNodes) {
            if (node[2].contains("master") && !node[2].contains("fail")) {
                for (int i = 8; i < node.length; i++) {
                    String[] range = node[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = Integer.parseInt(range[range.length - 1]);
                    if (slot >= from && slot <= to) {
                        return port(node[1]);
                    }
                }
            }
        }
        return -1;
    }

    /**
     * Moves the (empty) slot of a key or shard channel to another master, as a resharding does
     * ({@code CLUSTER SETSLOT … IMPORTING / MIGRATING / NODE}), and waits until every node agrees.
     *
     * @param key    the key or channel
     * @param toPort the master that gets the slot
     */
    void moveSlot(String key, int toPort) {
        int fromPort = masterOf(key);
        String slot = cli(fromPort, "CLUSTER", "KEYSLOT", key);
        String fromId = cli(fromPort, "CLUSTER", "MYID");
        String toId = cli(toPort, "CLUSTER", "MYID");
        List<String> replies = new ArrayList<>();
        replies.add(cli(toPort, "CLUSTER", "SETSLOT", slot, "IMPORTING", fromId));
        replies.add(cli(fromPort, "CLUSTER", "SETSLOT", slot, "MIGRATING", toId));
        replies.add(cli(toPort, "CLUSTER", "SETSLOT", slot, "NODE", toId));
        replies.add(cli(fromPort, "CLUSTER", "SETSLOT", slot, "NODE", toId));
        if (!replies.stream().allMatch("OK"::equals)) {
            throw new IllegalStateException("moving slot " + slot + " failed: " + replies);
        }
        Await.until(
                "slot " + slot + " served by 127.0.0.1:" + toPort + " for every node",
                WAIT,
                () -> nodes.stream()
                        .filter(n -> "PONG".equals(n.cli("PING")))
                        .allMatch(n -> masterOf(key, clusterNodes(n)) == toPort));
    }

    /**
     * The ports of the masters (not failed), in port order.
     *
     * @return the ports
     */
    List<Integer> masters() {
        return clusterNodes().stream()
                .filter(n -> n[2].contains("master") && !n[2].contains("fail"))
                .map(n -> port(n[1]))
                .sorted()
                .toList();
    }

    /**
     * Runs {@code redis-cli} against a node.
     *
     * @param port the node's port
     * @param args the command
     * @return its output
     */
    String cli(int port, String... args) {
        return node(port).cli(args);
    }

    /**
     * Kills a node (SIGKILL) and waits until the cluster has failed it over: another master
     * serves its slots and every live node says {@code cluster_state:ok}.
     *
     * @param port the node to kill
     * @return the port of the replica that took over
     */
    int killAndAwaitFailover(int port) {
        List<Integer> before = masters();
        node(port).kill();
        int[] promoted = new int[1];
        Await.until("a replica of 127.0.0.1:" + port + " promoted", WAIT, () -> {
            List<Integer> now = masters();
            List<Integer> added = now.stream().filter(p -> !before.contains(p)).toList();
            if (added.size() != 1 || now.size() != 3 || !clusterOkOnLiveNodes()) {
                return false;
            }
            promoted[0] = added.get(0);
            return true;
        });
        return promoted[0];
    }

    /**
     * Starts a killed node again: it rejoins as a replica of the master that replaced it. Waits
     * until it is in sync, so that the cluster can fail over again.
     *
     * @param port the node
     */
    void restart(int port) {
        RedisProcess node = node(port);
        node.start();
        Await.until("127.0.0.1:" + port + " back as an in-sync replica", WAIT, () -> {
            String replication = node.cli("INFO", "replication");
            return replication.contains("role:slave")
                    && replication.contains("master_link_status:up")
                    && clusterOkOnLiveNodes()
                    && clusterNodes().stream().noneMatch(n -> n[2].contains("fail"));
        });
    }

    private void awaitHealthy() {
        Await.until(
                "the cluster formed (6 nodes, state ok, replicas in sync)",
                WAIT,
                () -> clusterOkOnLiveNodes()
                        && nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_known_nodes:6"))
                        && nodes.stream()
                                        .map(n -> n.cli("INFO", "replication"))
                                        .filter(r -> r.contains("role:slave"))
                                        .filter(r -> r.contains("master_link_status:up"))
                                        .count()
                                == 3);
    }

    private boolean clusterOkOnLiveNodes() {
        return nodes.stream()
                .filter(n -> "PONG".equals(n.cli("PING")))
                .allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    /** {@code CLUSTER NODES} of a live node, one array of fields per node. */
    private List<String[]> clusterNodes() {
        return clusterNodes(anyLiveNode());
    }

    /** {@code CLUSTER NODES} as one node sees it; slots being migrated ({@code [slot->-id]}) left out. */
    private static List<String[]> clusterNodes(RedisProcess node) {
        return node.cli("CLUSTER", "NODES")
                .lines()
                .filter(l -> !l.isBlank())
                .map(l -> java.util.Arrays.stream(l.split(" "))
                        .filter(f -> !f.startsWith("["))
                        .toArray(String[]::new))
                .collect(Collectors.toList());
    }

    private RedisProcess anyLiveNode() {
        return nodes.stream()
                .filter(n -> "PONG".equals(n.cli("PING")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no live cluster node"));
    }

    private RedisProcess node(int port) {
        return nodes.stream()
                .filter(n -> n.port == port)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
    }

    /** {@code 127.0.0.1:7101@17101} → 7101. */
    private static int port(String address) {
        String hostPort = address.split("@")[0];
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        nodes.forEach(RedisProcess::close);
        RedisProcess.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(10));
    }
}
