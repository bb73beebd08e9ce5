package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.netty.NettyServer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fixture's {@code /engine.io/} echo endpoint with Node's default heartbeat (ping every 25 s,
 * 20 s to answer) and a recorder of every session's close reason. The fixture itself pings every
 * 300 ms and closes silent sessions after 500 ms, which would close a session whatever the test
 * sent; here a close seen within {@link #nextClose()}'s few seconds can only come from the input.
 */
final class CloseRecordingServer implements AutoCloseable {
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    private final EngineServer engine;
    private final NettyServer server;

    CloseRecordingServer() {
        engine = EngineServer.create(ConformanceFixture.sharedOptions()
                .path("/engine.io")
                .pingInterval(EngineOptions.builder().build().pingInterval())
                .pingTimeout(EngineOptions.builder().build().pingTimeout())
                .build());
        engine.onConnection(socket -> {
            ConformanceFixture.echo(socket);
            socket.onClose((reason, description) -> closes.add(reason.wire()));
        });
        server = Loopback.serve(engine);
    }

    int port() {
        return server.port();
    }

    /** The next session close reason, within 5 s (far below the 45 s a missing pong would take). */
    String nextClose() throws InterruptedException {
        String reason = closes.poll(5, TimeUnit.SECONDS);
        assertThat(reason).as("a session closed within 5 s").isNotNull();
        return reason;
    }

    /**
     * Sends {@code packet} on a fresh WebSocket session of a server whose heartbeat cannot close it
     * meanwhile; the session must close at once, with {@code reason}, and the connection end.
     */
    static void assertWebSocketPacketCloses(String packet, String reason) throws Exception {
        try (CloseRecordingServer recording = new CloseRecordingServer();
                RawWebSocket ws = RawWebSocket.connect(recording.port(), "/engine.io/?EIO=4&transport=websocket")) {
            ws.next();
            ws.sendText(packet);
            assertThat(recording.nextClose())
                    .as("close reason after %s", packet)
                    .isEqualTo(reason);
            ws.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
