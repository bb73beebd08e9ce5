package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster (initdb in a temporary directory, its own port and socket
 * directory) that a test may restart without disturbing the shared one on 5432. Runs the server
 * as the {@code postgres} user when the tests run as root, since PostgreSQL refuses root.
 */
final class ThrowawayCluster implements AutoCloseable {

    private final Path dir;
    private final Path bin;
    final int port;

    ThrowawayCluster() throws Exception {
        this(anyFreePort());
    }

    /** A cluster listening on {@code port} (a test that keeps to a range of ports chooses it). */
    ThrowawayCluster(int port) throws Exception {
        this.port = port;
        bin = findBin();
        dir = Files.createTempDirectory("sockeye-pg-");
        if (isRoot()) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false);
        }
        Path data = dir.resolve("data");
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-A",
                        "trust",
                        "-U",
                        TestDatabase.USER,
                        "--no-sync",
                        "-E",
                        "UTF8"),
                true);
        start();
    }

    private static Path findBin() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                Path found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.naturalOrder())
                        .orElse(null);
                if (found != null) {
                    return found;
                }
            }
        }
        Path local = Path.of("/usr/local/bin");
        assertThat(local.resolve("initdb"))
                .as("initdb of a PostgreSQL installation")
                .isExecutable();
        return local;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int anyFreePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    /** Stops the server the fast way (disconnecting every client) and starts it again. */
    void restart() throws Exception {
        pgCtl("restart");
    }

    /** Stops the server as a crash would ({@code immediate}: no checkpoint, every client cut off). */
    void crash() throws Exception {
        pgCtl("stop", "immediate");
    }

    /** Starts the stopped server again; returns once it accepts connections. */
    void start() throws Exception {
        pgCtl("start");
    }

    private void pgCtl(String action) throws Exception {
        pgCtl(action, "fast");
    }

    private void pgCtl(String action, String mode) throws Exception {
        Path data = dir.resolve("data");
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-m",
                        mode,
                        "-w",
                        "-t",
                        "60",
                        "-l",
                        dir.resolve("log").toString(),
                        "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                        action),
                true);
    }

    private static void run(List<String> command, boolean asPostgres) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres && isRoot()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s", full).isTrue();
        assertThat(p.exitValue()).as("%s: %s", full, output).isZero();
    }

    @Override
    public void close() throws IOException {
        try {
            Path data = dir.resolve("data");
            run(
                    List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException("stopping the throwaway cluster failed", e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
