package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Node.js socket.io 4.8 server with {@code @socket.io/postgres-adapter} 0.5.0 and its own
 * socket.io-client sockets ({@code src/test/node/postgres-peer.js}), driven through JSON lines.
 */
final class NodePeer implements AutoCloseable {

    private static final long WAIT_MILLIS = 15_000;

    private final Process process;
    private final Writer stdin;
    private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();
    private final AtomicInteger requests = new AtomicInteger();

    NodePeer(String prefix, String table, String applicationName) throws Exception {
        Path nodeDir = Path.of(System.getProperty("sockeye.node.dir", "../e2e/node")).toAbsolutePath().normalize();
        ensureInstalled(nodeDir);
        ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/node/postgres-peer.js").toAbsolutePath().toString());
        Map<String, String> env = pb.environment();
        env.put("NODE_PATH", nodeDir.resolve("node_modules").toString());
        env.put("PG_HOST", TestDatabase.HOST);
        env.put("PG_PORT", Integer.toString(TestDatabase.PORT));
        env.put("PG_USER", TestDatabase.USER);
        env.put("PG_DATABASE", TestDatabase.DATABASE);
        env.put("PG_APP", applicationName);
        env.put("PG_PREFIX", prefix);
        env.put("PG_TABLE", table);
        process = pb.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readStdout, "node-peer-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "node-peer-stderr");
        errors.setDaemon(true);
        errors.start();
        JsonNode ready = nextEvent(e -> true);
        assertThat(ready.path("ev").asString()).as("node peer start (stderr: %s)", stderr).isEqualTo("ready");
    }

    /** The pinned Node peers are installed by the build (npm ci in this module's pom), before the tests. */
    private static void ensureInstalled(Path nodeDir) {
        assertThat(nodeDir.resolve("node_modules/@socket.io/postgres-adapter/package.json"))
                .as("Node peers not installed: run `npm ci` in %s (mvn does it before the tests)", nodeDir)
                .exists();
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode event;
                try {
                    event = Json.MAPPER.readTree(line);
                } catch (RuntimeException e) {
                    continue;
                }
                if ("reply".equals(event.path("ev").asString())) {
                    CompletableFuture<JsonNode> reply = replies.remove(event.path("req").asInt());
                    if (reply != null) {
                        reply.complete(event);
                    }
                } else {
                    events.add(event);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** Sends a command and waits for its reply. */
    JsonNode request(ObjectNode command) throws Exception {
        int req = requests.incrementAndGet();
        command.put("req", req);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(req, reply);
        synchronized (stdin) {
            stdin.write(command.toString());
            stdin.write('\n');
            stdin.flush();
        }
        JsonNode result = reply.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(result.has("error")).as("%s failed: %s (stderr: %s)", command, result, stderr).isFalse();
        return result;
    }

    ObjectNode command(String cmd) {
        return Json.MAPPER.createObjectNode().put("cmd", cmd);
    }

    /** The next event matching, skipping the others; fails after the wait. */
    JsonNode nextEvent(Predicate<JsonNode> matching) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            assertThat(event).as("event from the node peer (stderr: %s)", stderr).isNotNull();
            if (matching.test(event)) {
                return event;
            }
        }
    }

    /** The next event a client of the peer received. */
    JsonNode nextClientEvent(int client) throws InterruptedException {
        return nextEvent(e -> "client".equals(e.path("ev").asString()) && e.path("client").asInt() == client);
    }

    @Override
    public void close() throws IOException {
        stdin.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
