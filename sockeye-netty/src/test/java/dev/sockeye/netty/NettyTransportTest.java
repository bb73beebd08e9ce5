package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.netty.internal.Transports;
import dev.sockeye.server.SocketIoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each transport carries real traffic from the JDK's HTTP and WebSocket clients (a polling handshake, then a
 * WebSocket session with an ack) where it loads on this machine; where it does not, asking for it by name
 * fails at start with the reason, and {@link NettyTransport#AUTO} still serves.
 */
class NettyTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private SocketIoServer io;
    private NettySocketIoServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
        if (io != null) {
            io.close();
        }
    }

    private NettySocketIoServer start(NettyTransport transport) {
        io = SocketIoServer.builder().build();
        io.onConnection(socket -> socket.on("echo", String.class, (text, ack) -> ack.send(text)));
        server = NettySocketIoServer.builder(io)
                .host("127.0.0.1")
                .port(0)
                .transport(transport)
                .build();
        return server.start();
    }

    @ParameterizedTest
    @EnumSource(
            value = NettyTransport.class,
            names = {"NIO", "EPOLL", "IO_URING"})
    void servesPollingAndWebSocketOnEachTransportThatLoadsHere(NettyTransport transport) throws Exception {
        if (!Transports.isAvailable(transport)) {
            assertThatThrownBy(() -> start(transport))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(transport + " is not available here")
                    .satisfies(
                            e -> System.err.println("transport " + transport + " did not run here: " + e.getMessage()));
            return;
        }
        start(transport);
        assertThat(server.transport()).isEqualTo(transport);
        System.err.println("transport " + transport + " ran here");
        exchange();
    }

    @Test
    void autoPicksANativeTransportWhereOneLoadsElseNio() throws Exception {
        start(NettyTransport.AUTO);
        NettyTransport expected = Transports.isAvailable(NettyTransport.EPOLL)
                ? NettyTransport.EPOLL
                : Transports.isAvailable(NettyTransport.IO_URING) ? NettyTransport.IO_URING : NettyTransport.NIO;
        assertThat(server.transport()).isEqualTo(expected);
        exchange();
    }

    /** A polling handshake, then a WebSocket session that connects to "/" and gets an ack. */
    private void exchange() throws Exception {
        String base = "127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=";
        HttpResponse<String> open = http.send(
                HttpRequest.newBuilder(URI.create("http://" + base + "polling"))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{\"sid\":");

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .connectTimeout(WAIT)
                .buildAsync(URI.create("ws://" + base + "websocket"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            assertThat(next(received)).startsWith("0{\"sid\":");
            ws.sendText("40", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(next(received)).startsWith("40{\"sid\":");
            ws.sendText("427[\"echo\",\"over the wire\"]", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(next(received)).isEqualTo("437[\"over the wire\"]");
        } finally {
            ws.abort();
        }
    }

    private static String next(BlockingQueue<String> received) throws InterruptedException {
        String message = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(message).as("a message within " + WAIT).isNotNull();
        return message;
    }
}
