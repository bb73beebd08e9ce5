package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.node.NodePeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Node.js socket.io 4.8 server with {@code @socket.io/postgres-adapter} 0.5.0 and its own
 * socket.io-client sockets ({@code src/test/node/postgres-peer.js}, installed by this module's
 * {@code npm ci} in {@code src/test/node}), driven through JSON lines: commands with a request
 * number, answered by a {@code reply} line; everything else the script reports is an event.
 */
final class NodePostgresServer implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final NodePeer peer;
    /** Events that arrived while a request waited for its reply, in arrival order. */
    private final Deque<JsonNode> events = new ArrayDeque<>();

    private int requests;

    NodePostgresServer(String prefix, String table, String applicationName) throws Exception {
        Path nodeDir = Path.of(System.getProperty("sockeye.postgres.node.dir", "src/test/node"))
                .toAbsolutePath();
        assertThat(nodeDir.resolve("node_modules/@socket.io/postgres-adapter/package.json"))
                .as("Node peers not installed: run `npm ci` in %s (mvn does it before the tests)", nodeDir)
                .exists();
        peer = NodePeer.start(
                nodeDir,
                "postgres-peer.js",
                Map.of(
                        "PG_HOST",
                        TestDatabase.HOST,
                        "PG_PORT",
                        Integer.toString(TestDatabase.PORT),
                        "PG_USER",
                        TestDatabase.USER,
                        "PG_DATABASE",
                        TestDatabase.DATABASE,
                        "PG_APP",
                        applicationName,
                        "PG_PREFIX",
                        prefix,
                        "PG_TABLE",
                        table));
        JsonNode ready = nextEvent(e -> true);
        assertThat(ready.path("ev").asString())
                .as("node peer start (stderr: %s)", peer.stderr())
                .isEqualTo("ready");
    }

    /** Sends a command and waits for its reply; events that arrive meanwhile are kept for {@link #nextEvent}. */
    JsonNode request(ObjectNode command) throws Exception {
        int req = ++requests;
        command.put("req", req);
        peer.send(command.toString());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode line = nextLine(deadline);
            if (isReply(line) && line.path("req").asInt() == req) {
                assertThat(line.has("error"))
                        .as("%s failed: %s (stderr: %s)", command, line, peer.stderr())
                        .isFalse();
                return line;
            }
            if (!isReply(line)) {
                events.add(line);
            }
        }
    }

    ObjectNode command(String cmd) {
        return Json.MAPPER.createObjectNode().put("cmd", cmd);
    }

    /** The next event matching, skipping the others; fails after the wait. */
    JsonNode nextEvent(Predicate<JsonNode> matching) throws InterruptedException {
        while (!events.isEmpty()) {
            JsonNode event = events.poll();
            if (matching.test(event)) {
                return event;
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode line = nextLine(deadline);
            if (!isReply(line) && matching.test(line)) {
                return line;
            }
        }
    }

    /** The next event a client of the peer received. */
    JsonNode nextClientEvent(int client) throws InterruptedException {
        return nextEvent(e ->
                "client".equals(e.path("ev").asString()) && e.path("client").asInt() == client);
    }

    private JsonNode nextLine(long deadline) throws InterruptedException {
        while (true) {
            String line = peer.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            try {
                return Json.MAPPER.readTree(line);
            } catch (RuntimeException notJson) {
                // a stray log line of a Node module: not ours
            }
        }
    }

    private static boolean isReply(JsonNode line) {
        return "reply".equals(line.path("ev").asString());
    }

    @Override
    public void close() {
        peer.close();
    }
}
