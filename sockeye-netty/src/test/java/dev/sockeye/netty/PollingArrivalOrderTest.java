package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests of one session on two connections, over real loopback HTTP: the server's event loops read
 * them in either order, and they take effect in the order they came (the official suite's "forcefully
 * closes the session").
 */
class PollingArrivalOrderTest {
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private final EngineServer engine =
            EngineServer.create(EngineOptions.builder().build());
    private final NettyServer server = NettyServer.builder()
            .host("127.0.0.1")
            .port(0)
            .ioThreads(4)
            .engine(engine)
            .build()
            .start();

    @AfterEach
    void close() {
        server.close();
        engine.close();
    }

    @Test
    void aPollSentBeforeAPostedCloseOnAnotherConnectionAlwaysGetsTheNoop() throws Exception {
        // each round races two event loops; before the accept-time stamp about one round in seven lost
        for (int round = 0; round < 100; round++) {
            String open = body(exchange("GET " + POLL + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",\"upgrades\""));
            String uri = POLL + "&sid=" + sid;
            try (Socket poll = connect();
                    Socket close = connect()) {
                send(poll, "GET " + uri + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                send(
                        close,
                        "POST " + uri + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                                + "Content-Length: 1\r\n\r\n1");
                assertThat(readAll(poll))
                        .as("round %d", round)
                        .startsWith("HTTP/1.1 200 ")
                        .endsWith("\r\n\r\n6");
                assertThat(readAll(close)).startsWith("HTTP/1.1 200 ").endsWith("ok");
            }
            assertThat(exchange("GET " + uri + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 400 ");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        return socket;
    }

    private String exchange(String request) throws IOException {
        try (Socket socket = connect()) {
            send(socket, request);
            return readAll(socket);
        }
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The whole response: the server closes the connection after it ({@code Connection: close}). */
    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
