package dev.sockeye.e2e.redis;

import dev.sockeye.testing.node.NodePeer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Map.Entry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * socket.io-client 4.8 clients in one Node process ({@code e2e/node/redis/clients.js}), each on
 * the server the test chooses. Lines are sorted per client, so a test reads one client's events
 * in order without losing the others'.
 */
final class ClusterClients implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NodePeer peer;
    private final Map<String, Deque<JsonNode>> pending = new HashMap<>();
    private int seq;

    ClusterClients() throws Exception {
        peer = NodePeer.start("redis/clients.js", Map.of());
    }

    /** Connects a client speaking the server's wire format ({@code json} or {@code msgpack}); returns its socket id. */
    String connect(String client, String url, String parser) throws Exception {
        peer.send(JSON.writeValueAsString(Map.of("connect", client, "url", url, "parser", parser)));
        JsonNode line = next(client);
        if (!"connect".equals(line.path("event").asString())) {
            throw new AssertionError(client + " did not connect: " + line);
        }
        return line.get("id").asString();
    }

    /** Emits a control event with an ack and returns the ack's value (other lines of this client stay queued). */
    JsonNode call(String client, String event, Object options) throws Exception {
        int id = ++seq;
        peer.send(JSON.writeValueAsString(
                Map.of("emit", client, "event", event, "args", java.util.List.of(options), "seq", id)));
        Deque<JsonNode> mine = pending.computeIfAbsent(client, k -> new ArrayDeque<>());
        for (JsonNode line : mine) {
            if (line.path("seq").asInt(-1) == id) {
                mine.remove(line);
                return line.get("ack");
            }
        }
        for (int i = 0; i < 10_000; i++) {
            JsonNode line = JSON.readTree(peer.next());
            if (line.path("seq").asInt(-1) == id
                    && client.equals(line.path("client").asString())) {
                return line.get("ack");
            }
            pending.computeIfAbsent(line.path("client").asString(), k -> new ArrayDeque<>())
                    .add(line);
        }
        throw new AssertionError("no ack for " + event);
    }

    /** The next line of a client that is not an ack: {@code {"event":…, "args":[…]}}. */
    JsonNode next(String client) throws Exception {
        Deque<JsonNode> mine = pending.computeIfAbsent(client, k -> new ArrayDeque<>());
        for (JsonNode line : mine) {
            if (!line.has("seq")) {
                mine.remove(line);
                return line;
            }
        }
        for (int i = 0; i < 10_000; i++) {
            JsonNode line = JSON.readTree(peer.next());
            if (client.equals(line.path("client").asString()) && !line.has("seq")) {
                return line;
            }
            pending.computeIfAbsent(line.path("client").asString(), k -> new ArrayDeque<>())
                    .add(line);
        }
        throw new AssertionError("no event for " + client);
    }

    /** The next event of a client as {@code name args}, e.g. {@code news [0,{"_bin":[1,2,3]}]}. */
    String nextEvent(String client) throws Exception {
        JsonNode line = next(client);
        return line.path("event").asString()
                + (line.has("args") ? " " + line.get("args") : "")
                + (line.has("reason") ? " " + line.get("reason").asString() : "");
    }

    /** Nothing unread is left for any client (checked at the end of a test). */
    Map<String, Deque<JsonNode>> leftovers() {
        Map<String, Deque<JsonNode>> left = new HashMap<>();
        for (Entry<String, Deque<JsonNode>> e : pending.entrySet()) {
            if (!e.getValue().isEmpty()) {
                left.put(e.getKey(), e.getValue());
            }
        }
        return left;
    }

    @Override
    public void close() {
        peer.close();
    }
}
