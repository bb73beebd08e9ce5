package dev.sockeye.e2e;

import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.testing.node.NodePeer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Several socket.io-client 4.x connections driven by one Node process ({@code socketio/client.js}
 * with named clients; {@link #v2} for socket.io-client 2.x): each client's reports are taken in order, apart from the others'.
 * Engine-level reports ({@code engine-open}, {@code upgrade}) are skipped.
 */
public final class NodeClients implements AutoCloseable {
    private final NodePeer peer;
    private final Map<String, Queue<JsonNode>> pending = new HashMap<>();

    public NodeClients(int port, String transports) throws IOException {
        this(port, transports, "/socket.io");
    }

    /** Clients of a server whose Socket.IO {@code path} is not the default. */
    public NodeClients(int port, String transports, String path) throws IOException {
        this(NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + port, transports, path));
    }

    private NodeClients(NodePeer peer) {
        this.peer = peer;
    }

    /**
     * Socket.IO v2 clients (npm {@code socket.io-client} 2.5.0, {@code socketio-v2/client.js}): the same
     * commands and reports, but a socket's {@code query} instead of its {@code auth}, and refusals
     * reported as {@code error}.
     */
    static NodeClients v2(int port, String transports) throws IOException {
        return new NodeClients(
                NodePeer.start("socketio-v2/client.js", Map.of(), "http://127.0.0.1:" + port, transports));
    }

    /** Sends a command for one client ({@code client} is added to it). */
    public void send(String client, String jsonCommand) throws IOException {
        ObjectNode command = (ObjectNode) JsonParser.defaultMapper().readTree(jsonCommand);
        command.put("client", client);
        peer.send(command.toString());
    }

    /** Sends a command for no client in particular ({@code silent}). */
    public void send(String jsonCommand) throws IOException {
        peer.send(jsonCommand);
    }

    /** The next report of {@code client} (its {@code client} field removed), within {@link NodePeer#TIMEOUT}. */
    public JsonNode next(String client) throws InterruptedException {
        Queue<JsonNode> mine = pending.computeIfAbsent(client, k -> new ArrayDeque<>());
        long deadline = System.nanoTime() + NodePeer.TIMEOUT.toNanos();
        while (mine.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "nothing for " + client + " within " + NodePeer.TIMEOUT + "; stderr:\n" + peer.stderr());
            }
            ObjectNode line = (ObjectNode) JsonParser.defaultMapper().readTree(peer.next(Duration.ofNanos(left)));
            String event = line.path("event").asString("");
            if (event.equals("engine-open") || event.equals("upgrade")) {
                continue;
            }
            String from = line.path("client").asString("");
            line.remove("client");
            pending.computeIfAbsent(from, k -> new ArrayDeque<>()).add(line);
        }
        return mine.poll();
    }

    /**
     * Takes {@code client}'s reports until an event named {@code name} (skipping the others, e.g. periodic stats),
     * within {@link NodePeer#TIMEOUT}; returns its {@code args}.
     */
    public JsonNode awaitMessage(String client, String name) throws InterruptedException {
        long deadline = System.nanoTime() + NodePeer.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode line = next(client);
            if (line.path("event").asString("").equals("message")
                    && line.path("name").asString("").equals(name)) {
                return line.path("args");
            }
        }
        throw new AssertionError("no " + name + " for " + client + " within " + NodePeer.TIMEOUT);
    }

    /** The next report of {@code client}, compactly: {@code name args} for events, else the whole line. */
    public String nextEvent(String client) throws InterruptedException {
        JsonNode line = next(client);
        if (line.path("event").asString("").equals("message")) {
            return line.path("name").asString() + " " + line.path("args");
        }
        return line.toString();
    }

    @Override
    public void close() {
        peer.close();
    }
}
