package dev.sockeye.testing.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Node.js script run as a real peer (official npm clients and servers, installed by the test module's
 * own {@code npm ci}). The script reports what happens as lines on stdout (JSON by convention), which
 * land in a queue; tests take them in order with a timeout. Commands go to the script's stdin, one
 * line each. {@link #close()} always kills the process and anything it started.
 *
 * <pre>{@code
 * try (NodePeer peer = NodePeer.start("engine/client.js", Map.of(), url, "websocket")) {
 *     peer.expect(line -> line.contains("\"open\""));
 *     peer.send("{\"send\":\"hello\"}");
 * }
 * }</pre>
 */
public final class NodePeer implements AutoCloseable {
    /** How long {@link #next()} and {@link #expect} wait by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String EOF = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private NodePeer(Process process) {
        this.process = process;
        Thread out = new Thread(
                () -> pump(
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        true),
                "node-stdout");
        Thread err = new Thread(
                () -> pump(
                        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)),
                        false),
                "node-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /**
     * Starts {@code node <script> <args…>} in the directory named by the system property
     * {@code sockeye.node.dir} (else {@code node} under the working directory), with extra environment
     * variables.
     */
    public static NodePeer start(String script, Map<String, String> env, String... args) throws IOException {
        return start(Path.of(System.getProperty("sockeye.node.dir", "node")), script, env, args);
    }

    /**
     * Starts {@code node <script> <args…>} in {@code dir} (where its {@code node_modules} are), with extra
     * environment variables; {@code script} is relative to {@code dir} or absolute.
     */
    public static NodePeer start(Path dir, String script, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(script);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        return new NodePeer(builder.start());
    }

    private void pump(BufferedReader reader, boolean toQueue) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (toQueue) {
                    lines.add(line);
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // the process went away; EOF below tells waiting tests
        } finally {
            if (toQueue) {
                lines.add(EOF);
            }
        }
    }

    /** Sends one command line to the script. */
    public void send(String jsonLine) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((jsonLine + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** The next line, failing after {@link #TIMEOUT} or when the script ended. */
    public String next() throws InterruptedException {
        return next(TIMEOUT);
    }

    /** The next line, failing after {@code timeout} or when the script ended. */
    public String next(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no line from node within " + timeout + "; stderr:\n" + stderr);
        }
        if (EOF.equals(line)) {
            lines.add(EOF);
            throw new AssertionError("node script ended; stderr:\n" + stderr);
        }
        return line;
    }

    /** The next line, which must match; fails otherwise (nothing is skipped). */
    public String expect(Predicate<String> matcher) throws InterruptedException {
        String line = next();
        if (!matcher.test(line)) {
            throw new AssertionError("unexpected line from node: " + line + "; stderr:\n" + stderr);
        }
        return line;
    }

    /** Takes lines until one matches (skipping others, e.g. heartbeat reports), within {@link #TIMEOUT}. */
    public String awaitLine(Predicate<String> matcher) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching line from node within " + TIMEOUT + "; stderr:\n" + stderr);
            }
            String line = next(Duration.ofNanos(left));
            if (matcher.test(line)) {
                return line;
            }
        }
    }

    /**
     * For a page script ({@code browser/in-chromium.js}): reads lines up to {@code OK}, each within {@code timeout}, and
     * returns the JSON of the last {@code SEEN <json>} line (null when there was none).
     */
    public String seenUntilOk(Duration timeout) throws InterruptedException {
        String seen = null;
        for (String line = next(timeout); !line.equals("OK"); line = next(timeout)) {
            if (line.startsWith("SEEN ")) {
                seen = line.substring("SEEN ".length());
            }
        }
        return seen;
    }

    /** What the script wrote to stderr so far. */
    public String stderr() {
        return stderr.toString();
    }

    /** Kills the script (and anything it started). */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
