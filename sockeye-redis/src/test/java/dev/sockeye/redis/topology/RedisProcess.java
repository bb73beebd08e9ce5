package dev.sockeye.redis.topology;

import dev.sockeye.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code redis-server} process (a server or a sentinel) on a loopback port, started from its
 * own directory with its log in {@code redis.log} there, for the topology fixtures. Every wait is
 * bounded; {@link #kill()} is a crash (SIGKILL), {@link #close()} a stop.
 */
final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The system property naming the first of the 100 ports the fixtures may use (default 7100), so
     * that two test runs on one machine can keep to ranges of their own.
     */
    static final String PORT_BASE_PROPERTY = "sockeye.test.redisPortBase";

    final int port;
    private final Path dir;
    private final List<String> command;
    private Process process;

    private RedisProcess(int port, Path dir, List<String> command) {
        this.port = port;
        this.dir = dir;
        this.command = command;
    }

    /**
     * Starts {@code redis-server args…} in {@code dir} and waits until it answers {@code PING}.
     *
     * @param port the port the arguments make it listen on
     * @param dir  its working directory, created if needed
     * @param args the arguments after {@code redis-server}
     * @return the running process
     */
    static RedisProcess start(int port, Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("redis-server");
        command.addAll(List.of(args));
        RedisProcess redis = new RedisProcess(port, dir, command);
        redis.start();
        return redis;
    }

    /** Starts the process again with the same arguments and directory (a restarted node keeps its files). */
    void start() {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("redis.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Await.until(
                "redis-server on port " + port + " answering PING (log: " + dir.resolve("redis.log") + ")",
                START_TIMEOUT,
                () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("redis-server on port " + port + " exited: " + logTail());
                    }
                    return "PONG".equals(cli("PING"));
                });
    }

    /** Kills the process as a crash would (SIGKILL): its clients' connections drop at once. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /**
     * Runs {@code redis-cli -p port args…} (2 s at most).
     *
     * @param args the command
     * @return its output, trimmed; empty when it failed or timed out
     */
    String cli(String... args) {
        return cli(port, args);
    }

    /**
     * Runs {@code redis-cli -h 127.0.0.1 -p port args…} (2 s at most).
     *
     * @param port the server's port
     * @param args the command
     * @return its output, trimmed; empty when it failed or timed out
     */
    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(2));
    }

    /**
     * Runs a command, bounded in time.
     *
     * @param command the command line
     * @param timeout how long it may take
     * @return its output (stderr included), trimmed; empty when it timed out
     */
    static String run(List<String> command, Duration timeout) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The last lines of the process's log, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A new temporary directory.
     *
     * @param prefix its name's prefix
     * @return the directory
     */
    static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a fixture's start-up, closing the fixture (every process it started) when that fails.
     *
     * @param fixture the fixture
     * @param create  starts its processes
     * @param close   stops them
     * @param <T>     the fixture's type
     * @return the fixture, started
     */
    static <T> T started(T fixture, Consumer<T> create, Consumer<T> close) {
        try {
            create.accept(fixture);
            return fixture;
        } catch (RuntimeException | Error e) {
            close.accept(fixture);
            throw e;
        }
    }

    /**
     * {@code count} consecutive free loopback ports in 7100–7199, or in the 100 from
     * {@link #PORT_BASE_PROPERTY} (tried from a random start, so that parallel runs rarely pick the same), with their cluster bus ports (port + 10000) free
     * as well when {@code withBusPorts}.
     *
     * @param count        how many
     * @param withBusPorts whether port + 10000 must be free too
     * @return the first port
     */
    static int freePorts(int count, boolean withBusPorts) {
        int base = Integer.getInteger(PORT_BASE_PROPERTY, 7100);
        int span = 100 - count;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int first = base + (start + i) % span;
            boolean free = true;
            for (int p = first; p < first + count && free; p++) {
                free = isFree(p) && (!withBusPorts || isFree(p + 10_000));
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " free ports in " + base + "-" + (base + 99));
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
