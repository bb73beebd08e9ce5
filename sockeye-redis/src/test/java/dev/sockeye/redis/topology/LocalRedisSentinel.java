package dev.sockeye.redis.topology;

import dev.sockeye.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A master, one replica and three sentinels (quorum 2) on loopback ports, with the installed
 * {@code redis-server} ({@code --sentinel}), in a temporary directory. A master is down for the
 * sentinels after 1 s ({@code down-after-milliseconds 1000}); {@link #close()} stops everything.
 */
final class LocalRedisSentinel implements AutoCloseable {

    static final String MASTER_NAME = "sockeye-master";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path dir;
    private final List<RedisProcess> servers = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private LocalRedisSentinel(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts the master, its replica and the sentinels, and waits until the sentinels know each
     * other and the replica.
     *
     * @return the running setup
     */
    static LocalRedisSentinel start() {
        return RedisProcess.started(
                new LocalRedisSentinel(RedisProcess.tempDirectory("sockeye-redis-sentinel")),
                LocalRedisSentinel::create,
                LocalRedisSentinel::close);
    }

    private void create() {
        int first = RedisProcess.freePorts(5, false);
        servers.add(server(first));
        servers.add(server(first + 1, "--replicaof", "127.0.0.1", String.valueOf(first)));
        for (int port = first + 2; port < first + 5; port++) {
            Path home = dir.resolve(String.valueOf(port));
            try {
                Files.createDirectories(home);
                Files.writeString(
                        home.resolve("sentinel.conf"),
                        String.join(
                                "\n",
                                "port " + port,
                                "bind 127.0.0.1",
                                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + first + " 2",
                                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                                "sentinel failover-timeout " + MASTER_NAME + " 2000",
                                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                                ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sentinels.add(RedisProcess.start(port, home, "sentinel.conf", "--sentinel"));
        }
        awaitSentinelsSee(first);
    }

    private RedisProcess server(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--repl-diskless-sync-delay",
                "0"));
        args.addAll(List.of(extra));
        return RedisProcess.start(port, dir.resolve(String.valueOf(port)), args.toArray(String[]::new));
    }

    /**
     * The Sentinel URI of this setup, in Lettuce's syntax (for {@code RedisTopology.fromUri}).
     *
     * @return {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#sockeye-master}
     */
    String uri() {
        return "redis-sentinel://"
                + sentinels.stream().map(s -> "127.0.0.1:" + s.port).collect(Collectors.joining(",")) + "#"
                + MASTER_NAME;
    }

    /**
     * The port of the master, as the sentinels name it.
     *
     * @return the port
     */
    int master() {
        String[] address = sentinels
                .get(0)
                .cli("SENTINEL", "get-master-addr-by-name", MASTER_NAME)
                .split("\n");
        return Integer.parseInt(address[1].trim());
    }

    /**
     * Kills the master (SIGKILL) and waits until every sentinel names the promoted replica and
     * that replica says it is a master.
     *
     * @return the new master's port
     */
    int killMasterAndAwaitFailover() {
        int old = master();
        serverOn(old).kill();
        int[] promoted = new int[1];
        Await.until("a sentinel failover away from 127.0.0.1:" + old, WAIT, () -> {
            List<Integer> named = sentinels.stream()
                    .map(s -> s.cli("SENTINEL", "get-master-addr-by-name", MASTER_NAME)
                            .split("\n"))
                    .filter(a -> a.length == 2)
                    .map(a -> Integer.parseInt(a[1].trim()))
                    .distinct()
                    .toList();
            if (named.size() != 1
                    || named.get(0) == old
                    || sentinels.stream()
                            .anyMatch(s -> s.cli("SENTINEL", "get-master-addr-by-name", MASTER_NAME)
                                    .isEmpty())) {
                return false;
            }
            promoted[0] = named.get(0);
            return serverOn(promoted[0]).cli("ROLE").startsWith("master");
        });
        return promoted[0];
    }

    /**
     * Starts a killed server again: the sentinels make it a replica of the current master. Waits
     * until it is in sync and every sentinel counts it as a healthy replica, so that the setup
     * can fail over again.
     *
     * @param port the server
     */
    void restart(int port) {
        serverOn(port).start();
        awaitSentinelsSee(master());
    }

    private void awaitSentinelsSee(int master) {
        Await.until("3 sentinels watching 127.0.0.1:" + master + " and its in-sync replica", WAIT, () -> {
            String replication = servers.stream()
                    .filter(s -> s.port != master)
                    .findFirst()
                    .orElseThrow()
                    .cli("INFO", "replication");
            if (!replication.contains("master_port:" + master) || !replication.contains("master_link_status:up")) {
                return false;
            }
            return sentinels.stream().allMatch(s -> {
                String info = s.cli("SENTINEL", "master", MASTER_NAME);
                String replicas = s.cli("SENTINEL", "replicas", MASTER_NAME);
                return info.contains("\n" + master + "\n")
                        && field(info, "num-other-sentinels").equals("2")
                        && field(info, "flags").equals("master")
                        && replicas.contains("\nslave\n");
            });
        });
    }

    /** A field of a {@code SENTINEL master} reply, which redis-cli prints as name and value lines. */
    private static String field(String reply, String name) {
        String[] lines = reply.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].trim().equals(name)) {
                return lines[i + 1].trim();
            }
        }
        return "";
    }

    private RedisProcess serverOn(int port) {
        return servers.stream()
                .filter(s -> s.port == port)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server on port " + port));
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        servers.forEach(RedisProcess::close);
        RedisProcess.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(10));
    }
}
