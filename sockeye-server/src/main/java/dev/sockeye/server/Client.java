package dev.sockeye.server;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineSocket;

/** One Engine.IO connection, which may carry sockets of several namespaces (Node's {@code socket.client}). */
public interface Client {

    /** The Engine.IO session id. Sensitive: never share it with other clients. */
    String id();

    /** The Engine.IO connection (transport name, upgrade and packet events). */
    EngineSocket conn();

    /** The first HTTP request of the connection. */
    EngineRequest request();
}
