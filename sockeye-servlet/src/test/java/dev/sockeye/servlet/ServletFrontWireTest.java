package dev.sockeye.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.servlet.embedded.EmbeddedContainer;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The servlet front on embedded Tomcat and Jetty, at the wire: an Engine.IO echo endpoint and a Socket.IO
 * server's client files in one context, driven by the JDK's HTTP and WebSocket clients. Every wait is bounded.
 */
class ServletFrontWireTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_BUFFER = 1000;
    private static final String POLLING = "/engine.io/?EIO=4&transport=polling";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private EmbeddedContainer container;
    private EngineServer engine;
    private SocketIoServer io;

    private void start(EmbeddedContainer.Kind kind) {
        engine = EngineServer.create(EngineOptions.builder()
                .path("/engine.io")
                .maxHttpBufferSize(MAX_BUFFER)
                .build());
        engine.onConnection(ServletFrontWireTest::echo);
        io = SocketIoServer.create();
        container = EmbeddedContainer.start(kind, "127.0.0.1", 0, context -> {
            SockeyeServletFront.register(context, engine);
            SockeyeServletFront.register(context, io);
        });
    }

    private static void echo(EngineSocket socket) {
        socket.onMessage(EngineSocket.MessageListener.of(socket::send, socket::send));
    }

    @AfterEach
    void stop() {
        if (container != null) {
            io.close();
            engine.close();
            container.close();
        }
    }

    private URI uri(String target) {
        return URI.create("http://127.0.0.1:" + container.port() + target);
    }

    private HttpResponse<String> get(String target) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(target)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String target, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(target))
                        .timeout(WAIT)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String handshake() throws Exception {
        HttpResponse<String> open = get("/engine.io/?EIO=4&transport=polling");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).startsWith("0{\"sid\":\"").contains("\"maxPayload\":" + MAX_BUFFER);
        return open.body().replaceAll(".*\"sid\":\"([^\"]+)\".*", "$1");
    }

    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void pollingEchoesWhatItIsPosted(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        String sid = handshake();
        String target = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(post(target, "4hello\u001e4world").body()).isEqualTo("ok");
        assertThat(get(target).body()).isEqualTo("4hello\u001e4world");
    }

    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void anUnknownSidGetsTheEnginesJson(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        HttpResponse<String> polling = get("/engine.io/?EIO=4&transport=polling&sid=nope");
        assertThat(polling.statusCode()).isEqualTo(400);
        assertThat(polling.body()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");

        WebSocketHandshakeException refused = (WebSocketHandshakeException) catchCause(() -> http.newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + container.port()
                                + "/engine.io/?EIO=4&transport=websocket&sid=nope"),
                        new WebSocket.Listener() {})
                .get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(refused.getResponse().statusCode()).isEqualTo(400);
        assertThat(refused.getResponse().body())
                .isEqualTo("Session ID unknown"); // as Node's abortUpgrade, and the Netty front
    }

    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void aBodyOverMaxHttpBufferSizeIs413(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        String sid = handshake();
        String target = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
        assertThat(post(target, "4" + "x".repeat(MAX_BUFFER)).statusCode()).isEqualTo(413);
        // streamed without a length: refused as the bytes come in
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(uri("/engine.io/?EIO=4&transport=polling&sid=" + handshake()))
                        .timeout(WAIT)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(("4" + "y".repeat(MAX_BUFFER * 20)).getBytes())))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void webSocketEchoesTextAndBinary(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder()
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + container.port() + "/engine.io/?EIO=4&transport=websocket"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                                received.add(data.toString());
                                socket.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
                                byte[] bytes = new byte[data.remaining()];
                                data.get(bytes);
                                received.add(bytes);
                                socket.request(1);
                                return null;
                            }
                        })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat((String) received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).startsWith("0{\"sid\":");
        ws.sendText("4hello", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("4hello");
        ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new byte[] {1, 2, 3});
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void servesTheClientFilesNextToTheEngine(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        HttpResponse<String> script = get("/socket.io/socket.io.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(script.body()).contains("io");
        assertThat(get("/socket.io/nothing-here.js").statusCode()).isEqualTo(404);
    }

    /**
     * A poll sent on a kept-alive connection counts as arriving when that connection's previous exchange ended,
     * as on the Netty front: here a close packet posted on another connection reaches the engine first, yet the
     * poll is answered as one that was already waiting (the official suites send the two at once, and a
     * container's threads may hand them over in either order).
     */
    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void aPollOnAKeptAliveConnectionCountsFromItsPreviousExchange(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        try (Socket kept = rawSocket()) {
            String target = POLLING + "&sid=" + rawHandshake(kept);
            assertThat(post(target, "1").body()).isEqualTo("ok");
            assertThat(rawGet(kept, target)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n6");
        }
    }

    /**
     * A connection left idle by an earlier exchange says only that its next request came after that exchange; the
     * session's own last answer (here its handshake on another connection) bounds it too. Else a close packet posted
     * on a connection idle since before the handshake would count as older than a poll sent with it on the
     * handshake's connection, and the poll would get {@code 400} instead of its noop.
     */
    @ParameterizedTest
    @EnumSource(EmbeddedContainer.Kind.class)
    void aRequestOnAnOlderConnectionCountsFromTheSessionsLastAnswer(EmbeddedContainer.Kind kind) throws Exception {
        start(kind);
        try (Socket older = rawSocket();
                Socket kept = rawSocket()) {
            rawHandshake(
                    older); // another session's: the older connection's last exchange ends before the handshake below
            String target = POLLING + "&sid=" + rawHandshake(kept);
            String close = exchange(older, "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1");
            assertThat(close).endsWith("\r\n\r\nok");
            assertThat(rawGet(kept, target)).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n6");
        }
    }

    private Socket rawSocket() throws IOException {
        Socket socket = new Socket("127.0.0.1", container.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Opens a polling session with a request on {@code socket}; its sid. */
    private static String rawHandshake(Socket socket) throws IOException {
        String open = rawGet(socket, POLLING);
        assertThat(open).startsWith("HTTP/1.1 200");
        return open.replaceAll("(?s).*\"sid\":\"([^\"]+)\".*", "$1");
    }

    private static String rawGet(Socket socket, String target) throws IOException {
        return exchange(socket, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    /** Writes a request on {@code socket} and reads its whole response (headers and a Content-Length body). */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("response cut short: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static Throwable catchCause(ThrowingCall call) {
        try {
            call.run();
        } catch (Exception e) {
            Throwable t = e;
            while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }
        throw new AssertionError("no failure");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
