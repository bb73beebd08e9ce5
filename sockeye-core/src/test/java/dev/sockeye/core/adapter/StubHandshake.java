package dev.sockeye.core.adapter;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The fixed handshake that stub sockets (here and in the Redis and PostgreSQL adapters' tests) report in their details. */
public final class StubHandshake {

    private StubHandshake() {}

    /**
     * A WebSocket handshake from 127.0.0.1 at a fixed time, with {@code host} as its Host header.
     *
     * @param host the Host header
     * @return a new handshake tree
     */
    public static ObjectNode of(String host) {
        ObjectNode handshake = JsonNodeFactory.instance.objectNode();
        handshake.putObject("headers").put("host", host);
        handshake.put("time", "Sun Nov 22 2026 02:45:43 GMT+0000 (Coordinated Universal Time)");
        handshake.put("address", "127.0.0.1");
        handshake.put("xdomain", false);
        handshake.put("secure", false);
        handshake.put("issued", 1795315543376L);
        handshake.put("url", "/socket.io/?EIO=4&transport=websocket");
        handshake.putObject("query").put("EIO", "4");
        handshake.putObject("auth");
        return handshake;
    }
}
