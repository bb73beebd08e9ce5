package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.servlet.SockeyeServletFront;
import dev.sockeye.servlet.embedded.EmbeddedContainer;
import dev.sockeye.testing.node.NodePeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@link SocketIoNodeClientTest}'s scenarios (auth, acks both ways with binary, polling only, WebSocket only and
 * the upgrade, namespaces, connect_error with data, rooms, disconnects) with the official socket.io-client 4.x
 * against the servlet front ({@link SockeyeServletFront}) in an embedded container, and a message over
 * {@code maxHttpBufferSize}. One subclass per container.
 */
abstract class ServletFrontNodeClientTest extends SocketIoNodeClientTest {
    static final int MAX_BUFFER = 50_000;

    /** The container to serve in. */
    abstract EmbeddedContainer.Kind kind();

    @Override
    SocketIoServer.Builder options(SocketIoServer.Builder builder) {
        return builder.maxHttpBufferSize(MAX_BUFFER);
    }

    @Override
    Served serve(SocketIoServer io) {
        EmbeddedContainer container =
                EmbeddedContainer.start(kind(), "127.0.0.1", 0, context -> SockeyeServletFront.register(context, io));
        return new Served(container.port(), container::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void aMessageOverMaxHttpBufferSizeEndsTheConnection(String transports) throws Exception {
        try (NodePeer peer =
                NodePeer.start("socketio/client.js", clientEnvironment(), "http://127.0.0.1:" + port(), transports)) {
            peer.send("{\"open\":\"/\"}");
            peer.awaitLine(l -> l.contains("\"connect\""));
            peer.send("{\"emit\":\"echo\",\"args\":[\"" + "x".repeat(MAX_BUFFER) + "\"],\"ack\":true}");
            JsonNode disconnect =
                    JsonParser.defaultMapper().readTree(peer.awaitLine(l -> l.contains("\"disconnect\"")));
            // polling: the POST is answered 413; WebSocket: the container closes with 1009
            assertThat(disconnect.path("reason").asString()).isIn("transport error", "transport close");
        }
    }
}
