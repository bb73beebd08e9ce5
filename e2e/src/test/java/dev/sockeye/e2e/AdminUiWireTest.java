package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.adminui.AdminUi;
import dev.sockeye.adminui.AdminUiOptions;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Admin UI's login on the wire, exact packets over a raw WebSocket: the refusals Node sends (the UI matches
 * {@code invalid credentials} by its text), the rate limit's, and a login's CONNECT, {@code session} and
 * {@code config}, in production mode (no {@code all_sockets}, no {@code ALL_EVENTS}).
 */
class AdminUiWireTest {
    private static final String WS = "/socket.io/?EIO=4&transport=websocket";
    private static final String RIGHT =
            "40/admin,{\"username\":\"admin\",\"password\":\"" + AdminUiNodeClientTest.PASSWORD + "\"}";

    private SocketIoServer io;
    private AdminUi adminUi;
    private NettySocketIoServer server;

    @BeforeEach
    void start() {
        io = SocketIoServer.builder().build();
        adminUi = AdminUi.instrument(
                io,
                AdminUiOptions.builder()
                        .basicAuth("admin", AdminUiNodeClientTest.HASH)
                        .mode(AdminUiOptions.Mode.PRODUCTION)
                        .loginRateLimit(2, Duration.ofMinutes(1))
                        .build());
        server = Loopback.serve(io);
    }

    @AfterEach
    void stop() {
        adminUi.close();
        server.close();
    }

    @Test
    void refusalsAndALoginAreNodesPackets() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.next().text()).startsWith("0{\"sid\":");
            ws.sendText("40/admin,{\"username\":\"admin\",\"password\":\"nope\"}");
            assertThat(nextPacket(ws)).isEqualTo("44/admin,{\"message\":\"invalid credentials\"}");
            ws.sendText(RIGHT);
            List<String> packets = new ArrayList<>();
            while (packets.size() < 3) {
                packets.add(nextPacket(ws));
            }
            assertThat(packets.get(0)).matches("40/admin,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
            assertThat(packets.get(1)).matches("42/admin,\\[\"session\",\"[0-9a-f]{16}\"\\]");
            assertThat(packets.get(2))
                    .isEqualTo("42/admin,[\"config\",{\"supportedFeatures\":[\"EMIT\",\"JOIN\","
                            + "\"LEAVE\",\"DISCONNECT\",\"MJOIN\",\"MLEAVE\",\"MDISCONNECT\",\"AGGREGATED_EVENTS\"]}]");
        }
    }

    @Test
    void pastTheLimitTheRefusalIsTooManyAttempts() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), WS)) {
            assertThat(ws.next().text()).startsWith("0{\"sid\":");
            for (int i = 0; i < 2; i++) {
                ws.sendText("40/admin,{\"username\":\"admin\",\"password\":\"nope\"}");
                assertThat(nextPacket(ws)).isEqualTo("44/admin,{\"message\":\"invalid credentials\"}");
            }
            ws.sendText(RIGHT);
            assertThat(nextPacket(ws)).isEqualTo("44/admin,{\"message\":\"too many attempts\"}");
        }
    }

    /** The next packet that is not a ping nor this server's periodic {@code server_stats}. */
    private static String nextPacket(RawWebSocket ws) throws IOException {
        for (int i = 0; i < 100; i++) {
            String text = ws.next().text();
            if (text.equals("2")) {
                ws.sendText("3");
            } else if (!text.startsWith("42/admin,[\"server_stats\"")) {
                return text;
            }
        }
        throw new AssertionError("only pings and stats");
    }
}
