package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.testing.Await;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading cannot keep a connection the server closes: once the close timeout passes, the
 * connection is closed and what it did not take is released (the parent POM's paranoid leak detection and the
 * leak-failing extension check the frames).
 */
class CloseTimeoutTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
    /** Scheduling on a loaded machine: how much later than the close timeout the connection may close. */
    private static final long SLACK_MILLIS = 2000;

    private static final String MESSAGE = "x".repeat(65536);

    private final CompletableFuture<Channel> serverSide = new CompletableFuture<>();
    private final CompletableFuture<Long> sessionClosed = new CompletableFuture<>();
    private EngineServer engine;
    private NettyServer server;

    /**
     * A server whose engine sends {@code messages} of 64 KB to a client once it says {@code flood} (or at once over
     * WebSocket), and notes when the session closes.
     */
    private int start(EngineOptions.Builder options, int messages, Duration requestTimeout) {
        // a budget above the flood: the close timeout, not the outbound budget, is what must end these connections
        engine = EngineServer.create(options.maxOutboundBufferSize(64L << 20).build());
        engine.onConnection(socket -> {
            socket.onClose((reason, description) -> sessionClosed.complete(System.nanoTime()));
            Runnable flood = () -> {
                for (int i = 0; i < messages; i++) {
                    socket.send(MESSAGE);
                }
            };
            if (socket.transport().equals(EngineOptions.WEBSOCKET)) {
                flood.run();
            }
            socket.onMessage(EngineSocket.MessageListener.of(text -> flood.run(), data -> {}));
        });
        server = NettyServer.builder()
                .host("127.0.0.1")
                .port(0)
                .engine(engine)
                .closeTimeout(CLOSE_TIMEOUT)
                .requestTimeout(requestTimeout)
                .frontHandler(() -> new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        serverSide.complete(ctx.channel());
                        ctx.fireChannelActive();
                    }
                })
                .build()
                .start();
        return server.port();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** The bytes written to the connection and not yet taken by the kernel. */
    private static long pendingBytes(Channel channel) throws Exception {
        return channel.eventLoop()
                .submit(() -> {
                    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
                    return buffer == null ? 0L : buffer.totalPendingWriteBytes();
                })
                .get(5, TimeUnit.SECONDS);
    }

    private static long pendingBytesUnchecked(Channel channel) {
        try {
            return pendingBytes(channel);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the server to close its side; returns the milliseconds from {@code since}. */
    private static long millisToClose(Channel channel, long since) {
        channel.closeFuture().awaitUninterruptibly(CLOSE_TIMEOUT.toMillis() + SLACK_MILLIS + 5000);
        assertThat(channel.isOpen()).as("the server closed the connection").isFalse();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    @Test
    void aWebSocketWhoseClientStopsReadingIsClosedWithinTheCloseTimeoutAfterItsPingTimeout() throws Exception {
        int port = start(
                EngineOptions.builder().pingInterval(Duration.ofMillis(300)).pingTimeout(Duration.ofMillis(300)),
                300,
                Duration.ofSeconds(30));
        try (RawHttpClient client = new RawHttpClient(port, 4096)) {
            client.send(
                    "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(client.readHead()).startsWith("HTTP/1.1 101");
            // ...and reads nothing more: no pong either, so the session ends with a ping timeout
            Channel channel = serverSide.get(5, TimeUnit.SECONDS);
            long closedAt = sessionClosed.get(10, TimeUnit.SECONDS);
            long held = pendingBytes(channel);
            assertThat(held)
                    .as("bytes queued for the client when its session closed")
                    .isGreaterThan(4L << 20);
            long millis = millisToClose(channel, closedAt);
            assertThat(millis)
                    .as("ms from the session's close to the connection's")
                    .isLessThan(CLOSE_TIMEOUT.toMillis() + SLACK_MILLIS);
            assertThat(pendingBytes(channel)).as("bytes still queued").isZero();
        }
    }

    @Test
    void aPollingResponseThatClosesTheConnectionIsDroppedWithinTheCloseTimeoutWhenTheClientStopsReading()
            throws Exception {
        // no request timeout: only the close timeout may end this connection
        int port = start(EngineOptions.builder(), 150, Duration.ZERO);
        try (RawHttpClient client = new RawHttpClient(port, 4096)) {
            String sid = client.pollingHandshake();
            Channel channel = serverSide.get(5, TimeUnit.SECONDS);
            client.send("POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: text/plain\r\nContent-Length: 6\r\n\r\n4flood");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200");
            client.send("GET /engine.io/?EIO=4&transport=polling&sid=" + sid
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            // the response (about 10 MB of messages) is written, the client reads none of it
            Await.until("the response written", Duration.ofSeconds(5), () -> pendingBytesUnchecked(channel) > 0);
            long held = pendingBytes(channel);
            long writing = System.nanoTime();
            assertThat(held).as("bytes of the response queued").isGreaterThan(4L << 20);
            long millis = millisToClose(channel, writing);
            assertThat(millis)
                    .as("ms from the response to the connection's close")
                    .isLessThan(CLOSE_TIMEOUT.toMillis() + SLACK_MILLIS);
            assertThat(pendingBytes(channel)).as("bytes still queued").isZero();
        }
    }
}
