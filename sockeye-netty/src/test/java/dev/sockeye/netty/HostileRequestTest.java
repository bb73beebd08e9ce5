package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.testing.LogCapture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests of a hostile client on real loopback sockets: what one connection can make the server hold, and how
 * long it can keep it, is bounded.
 */
class HostileRequestTest {
    private static final int CHUNK = 65536;
    /** Kernel buffers on both ends of a loopback connection whose reader stopped early take a few MB at most. */
    private static final long KERNEL_SLACK = 16L << 20;

    private EngineServer engine;
    private NettyServer server;

    private int start(EngineOptions.Builder options, NettyServer.Builder http) {
        engine = EngineServer.create(options.build());
        server = http.host("127.0.0.1").port(0).engine(engine).build().start();
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

    private static String postHead(String sid) {
        return "POST /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    /** Writes 64 KB chunks (never the last one) on its own thread until {@code limit} bytes, counting what the socket took. */
    private static Thread streamChunks(RawHttpClient client, long limit, AtomicLong written) {
        byte[] chunk = new byte[CHUNK + 16];
        byte[] size = (Integer.toHexString(CHUNK) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, chunk, 0, size.length);
        java.util.Arrays.fill(chunk, size.length, size.length + CHUNK, (byte) '4');
        chunk[size.length + CHUNK] = '\r';
        chunk[size.length + CHUNK + 1] = '\n';
        byte[] frame = java.util.Arrays.copyOf(chunk, size.length + CHUNK + 2);
        Thread writer = new Thread(
                () -> {
                    try {
                        while (written.get() < limit) {
                            client.send(frame);
                            written.addAndGet(frame.length);
                        }
                    } catch (IOException closed) {
                        // the server (or the test) ended the connection
                    }
                },
                "chunk-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    @Test
    void aChunkedPostPipelinedBehindAPendingPollIsNotReadWhileThePollWaits() throws Exception {
        int port = start(EngineOptions.builder(), NettyServer.builder());
        try (RawHttpClient client = new RawHttpClient(port, 0)) {
            String sid = client.pollingHandshake();
            client.send("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + postHead(sid));
            AtomicLong written = new AtomicLong();
            Thread writer = streamChunks(client, 256L << 20, written);
            writer.join(3000); // the poll waits for pingInterval (25 s): the server must not read the POST meanwhile
            assertThat(written.get())
                    .as("bytes the server took while the poll waited")
                    .isLessThan(KERNEL_SLACK);
        }
    }

    @Test
    void aRequestPipelinedBehindAPendingPollMustStillArriveWithinTheRequestTimeout() throws Exception {
        int port = start(EngineOptions.builder(), NettyServer.builder().requestTimeout(Duration.ofSeconds(1)));
        try (RawHttpClient client = new RawHttpClient(port, 0)) {
            String sid = client.pollingHandshake();
            long sent = System.nanoTime();
            client.send("GET /engine.io/?EIO=4&transport=polling&sid=" + sid + " HTTP/1.1\r\nHost: x\r\n\r\n"
                    + postHead(sid) + "2\r\n4x\r\n");
            assertThat(client.awaitClosed(5000))
                    .as("closed by the request timeout")
                    .isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isBetween(900L, 5000L);
        }
    }

    @Test
    void aChunkedBodyBeyondMaxHttpBufferSizeIsRefusedWith413WhileItStreams() throws Exception {
        int port = start(EngineOptions.builder().maxHttpBufferSize(100_000), NettyServer.builder());
        try (RawHttpClient client = new RawHttpClient(port, 0)) {
            String sid = client.pollingHandshake();
            client.send(postHead(sid));
            AtomicLong written = new AtomicLong();
            streamChunks(client, 64L << 20, written);
            client.socket.setSoTimeout(5000);
            assertThat(client.readHead()).startsWith("HTTP/1.1 413");
            assertThat(client.awaitClosed(5000)).as("closed after the 413").isTrue();
            assertThat(written.get()).as("bytes the server took").isLessThan(KERNEL_SLACK);
        }
    }

    @Test
    void aMalformedChunkSizeIsAnswered400AndTheConnectionClosed() throws Exception {
        int port = start(EngineOptions.builder(), NettyServer.builder());
        try (RawHttpClient client = new RawHttpClient(port, 0)) {
            String sid = client.pollingHandshake();
            client.send(postHead(sid) + "2\r\n4x\r\nzz\r\n4hello\r\n0\r\n\r\n");
            client.socket.setSoTimeout(5000);
            assertThat(client.readHead()).startsWith("HTTP/1.1 400");
            assertThat(client.awaitClosed(3000)).as("closed after the 400").isTrue();
        }
    }

    @Test
    void anOutOfMemoryErrorOnAConnectionIsLoggedAndTheConnectionClosed() throws Exception {
        NettyServer.Builder http = NettyServer.builder().frontHandler(() -> new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                io.netty.util.ReferenceCountUtil.release(msg);
                throw new OutOfMemoryError("Direct buffer memory (thrown by the test)");
            }
        });
        int port = start(EngineOptions.builder(), http);
        try (LogCapture log = new LogCapture();
                RawHttpClient client = new RawHttpClient(port, 0)) {
            client.send("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(client.awaitClosed(5000)).isTrue();
            log.await(
                    Pattern.compile("OutOfMemoryError: Direct buffer memory \\(thrown by the test\\)"),
                    1,
                    Duration.ofSeconds(5));
        }
    }
}
