package dev.sockeye.e2e;

import dev.sockeye.core.parser.MsgpackParser;
import dev.sockeye.server.SocketIoServer;
import java.util.Map;

/**
 * {@link SocketIoNodeClientTest}'s scenarios (auth, acks both ways with binary, the upgrade,
 * namespaces, connect_error with data, rooms with binary broadcasts, disconnects) with
 * {@link MsgpackParser} on the server and npm socket.io-msgpack-parser 3.0.2 in socket.io-client
 * ({@code SOCKEYE_PARSER=msgpack}): binary WebSocket frames, base64 messages in polling payloads.
 */
class MsgpackNodeClientTest extends SocketIoNodeClientTest {

    @Override
    SocketIoServer.Builder options(SocketIoServer.Builder builder) {
        return builder.parser(new MsgpackParser());
    }

    @Override
    Map<String, String> clientEnvironment() {
        return Map.of("SOCKEYE_PARSER", "msgpack");
    }
}
