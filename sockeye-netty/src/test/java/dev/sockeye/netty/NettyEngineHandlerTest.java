package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Netty front in an {@link EmbeddedChannel}: raw bytes in, raw bytes out, every buffer released. */
class NettyEngineHandlerTest {
    private static final String SID = "AAAAAAAAAAAAAAAAAAAA";
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<Object> passedOn = new ArrayList<>();
    private EngineServer engine;
    private EmbeddedChannel channel;

    private EmbeddedChannel channel(EngineOptions.Builder options) {
        return channel(options, null);
    }

    /** The codec, then {@code routing} (when given) in place of a {@link NettyEngineHandler}, then the catch-all. */
    private EmbeddedChannel channel(EngineOptions.Builder options, ChannelInboundHandlerAdapter routing) {
        engine = EngineServer.create(options.idGenerator(r -> SID).build());
        engine.onConnection(socket -> {
            socket.onMessage(EngineSocket.MessageListener.of(socket::send, socket::send));
            socket.onClose((reason, description) -> events.add("close " + reason));
        });
        channel = new EmbeddedChannel(
                new HttpServerCodec(),
                routing != null ? routing : new NettyEngineHandler(engine),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        passedOn.add(msg);
                    }
                });
        return channel;
    }

    @AfterEach
    void release() {
        passedOn.forEach(ReferenceCountUtil::release);
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void write(String raw) {
        EmbeddedHttp.write(channel, raw);
    }

    /** Everything written out so far, as text; the buffers are released. */
    private String written() {
        return EmbeddedHttp.written(channel);
    }

    @Test
    void pollingHandshakeIsAnsweredOnTheWire() {
        channel(EngineOptions.builder());
        write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written())
                .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\ncache-control: no-store\r\n"
                        + "content-length: 118\r\n\r\n0{\"sid\":\"" + SID
                        + "\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void postThenPollOnOneKeepAliveConnectionWithPipelining() {
        channel(EngineOptions.builder());
        write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        written();
        write("POST /engine.io/?EIO=4&transport=polling&sid=" + SID
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n4hello"
                + "GET /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n\r\n");
        String out = written();
        assertThat(out)
                .startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
                .contains("\r\n\r\nok");
        assertThat(out.indexOf("\r\n\r\nok")).isLessThan(out.indexOf("\r\n\r\n4hello"));
        assertThat(out).endsWith("\r\n\r\n4hello");
    }

    @Test
    void otherPathsArePassedOnUntouched() {
        channel(EngineOptions.builder());
        write("POST /elsewhere HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(written()).isEmpty();
        assertThat(passedOn).hasSize(2);
        assertThat(((HttpRequest) passedOn.get(0)).uri()).isEqualTo("/elsewhere");
    }

    @Test
    void postOverTheLimitIsAnswered413AndTheConnectionClosed() {
        channel(EngineOptions.builder().maxHttpBufferSize(10));
        write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        written();
        write("POST /engine.io/?EIO=4&transport=polling&sid=" + SID
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n4xxxx");
        assertThat(written()).startsWith("HTTP/1.1 413 Request Entity Too Large\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closedConnectionAbortsThePendingPollAndClosesTheSession() throws Exception {
        channel(EngineOptions.builder());
        write("GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        written();
        write("GET /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).isEmpty();
        channel.close();
        channel.runPendingTasks();
        assertThat(events.poll()).isEqualTo("close transport error");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void webSocketHandshakeThenFramesBothWays() {
        channel(EngineOptions.builder());
        write(
                "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        String head = readHttpHead();
        assertThat(head)
                .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(nextServerFrame())
                .isEqualTo("0{\"sid\":\"" + SID + "\",\"upgrades\":[],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        writeClientFrame("4hello");
        assertThat(nextServerFrame()).isEqualTo("4hello");
    }

    private String readHttpHead() {
        ByteBuf buf = channel.readOutbound();
        try {
            return buf.toString(StandardCharsets.ISO_8859_1);
        } finally {
            buf.release();
        }
    }

    /** The text of the next server frame, decoded with Netty's client-side decoder. */
    private String nextServerFrame() {
        WebSocketFrame frame = nextServerFrameOfAnyKind();
        try {
            assertThat(frame).as("a text frame").isInstanceOf(TextWebSocketFrame.class);
            return ((TextWebSocketFrame) frame).text();
        } finally {
            frame.release();
        }
    }

    private void writeClientFrame(String text) {
        writeClientFrame(new TextWebSocketFrame(text));
    }

    private static final String HANDSHAKE = "GET /engine.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String WS_HEADERS = "Host: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @Test
    void byDefaultThePathWithoutTrailingSlashIsNotTheEnginesAndIsPassedOn() {
        channel(EngineOptions.builder());
        write("GET /engine.io?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).isEmpty();
        assertThat(passedOn).hasSize(2); // the request and its empty last content
        assertThat(((HttpRequest) passedOn.get(0)).uri()).isEqualTo("/engine.io?EIO=4&transport=polling");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void withoutAddTrailingSlashBothFormsOfThePathAreAnswered() {
        channel(EngineOptions.builder().addTrailingSlash(false));
        write("GET /engine.io?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n").contains("0{\"sid\":\"" + SID + "\"");
        write("POST /engine.io/?EIO=4&transport=polling&sid=" + SID
                + " HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n4ok");
        assertThat(written()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok");
        assertThat(passedOn).isEmpty();
    }

    @Test
    void aLargePollResponseGoesGzippedOverTheWire() throws IOException {
        channel(EngineOptions.builder());
        write(HANDSHAKE);
        written();
        String big = "4" + "x".repeat(3000);
        write("POST /engine.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + big.length() + "\r\n\r\n" + big);
        written();
        write("GET /engine.io/?EIO=4&transport=polling&sid=" + SID
                + " HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
        String response = written();
        int end = response.indexOf("\r\n\r\n");
        String head = response.substring(0, end).toLowerCase();
        byte[] body = response.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(head)
                .startsWith("http/1.1 200 ok\r\n")
                .contains("\r\ncontent-encoding: gzip")
                .contains("\r\ncontent-length: " + body.length);
        assertThat(body.length).isLessThan(big.length());
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(big);
    }

    @Test
    void anUpgradeRoutedByTheApplicationItselfIsHandedToTheEngine() {
        channel(EngineOptions.builder(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest && ((HttpRequest) msg).uri().startsWith("/my/realtime?")) {
                    NettyEngineHandler.handleUpgrade(ctx, (HttpRequest) msg, engine);
                    ReferenceCountUtil.release(msg);
                } else if (msg instanceof HttpRequest || passedOn.isEmpty()) {
                    ctx.fireChannelRead(msg);
                } else {
                    ReferenceCountUtil.release(msg); // the upgrade request's empty last content
                }
            }
        });
        write("GET /my/realtime?EIO=4&transport=websocket HTTP/1.1\r\n" + WS_HEADERS + "\r\n");
        assertThat(readHttpHead())
                .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(nextServerFrame())
                .isEqualTo("0{\"sid\":\"" + SID + "\",\"upgrades\":[],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        writeClientFrame("4routed");
        assertThat(nextServerFrame()).isEqualTo("4routed");
        assertThat(engine.clientsCount()).isEqualTo(1);
    }

    @Test
    void noExtensionIsNegotiatedWhenPerMessageDeflateIsOff() {
        channel(EngineOptions.builder());
        write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + WS_HEADERS
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
        String head = readHttpHead();
        assertThat(head).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        assertThat(head.toLowerCase()).doesNotContain("sec-websocket-extensions");
        assertThat(nextServerFrame()).startsWith("0{\"sid\":");
    }

    @Test
    void withoutPerMessageDeflateTheUpgradedPipelineWritesWholeFramesItselfPingsAndClosesIncluded() {
        channel(EngineOptions.builder());
        write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + WS_HEADERS + "\r\n");
        assertThat(readHttpHead()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        assertThat(nextServerFrame()).startsWith("0{\"sid\":");
        // neither Netty's frame encoder nor its UTF-8 validator stays in a connection's pipeline
        assertThat(channel.pipeline().get(WebSocketFrameEncoder.class)).isNull();
        assertThat(channel.pipeline().get(Utf8FrameValidator.class)).isNull();

        writeClientFrame(new PingWebSocketFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8)));
        WebSocketFrame pong = nextServerFrameOfAnyKind();
        try {
            assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
            assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
        } finally {
            pong.release();
        }

        writeClientFrame(new CloseWebSocketFrame(1000, "bye"));
        WebSocketFrame close = nextServerFrameOfAnyKind();
        try {
            assertThat(close).isInstanceOf(CloseWebSocketFrame.class);
            assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(1000);
            assertThat(((CloseWebSocketFrame) close).reasonText()).isEqualTo("bye");
        } finally {
            close.release();
        }
    }

    @Test
    void withPerMessageDeflateTheFrameEncoderStaysForTheDeflateEncoder() {
        channel(EngineOptions.builder().perMessageDeflate(true, 1024));
        write("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n" + WS_HEADERS
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n");
        assertThat(readHttpHead())
                .startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .containsIgnoringCase("sec-websocket-extensions: permessage-deflate");
        channel.runPendingTasks();
        assertThat(channel.pipeline().get(WebSocketFrameEncoder.class)).isNotNull();
    }

    private void writeClientFrame(WebSocketFrame frame) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        encoder.writeOutbound(frame);
        ByteBuf bytes = encoder.readOutbound();
        encoder.finishAndReleaseAll();
        channel.writeInbound(bytes);
        channel.runPendingTasks();
    }

    /** The next server frame, decoded by Netty's client-side decoder; the caller releases it. */
    private WebSocketFrame nextServerFrameOfAnyKind() {
        channel.runPendingTasks();
        EmbeddedChannel decoder = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            decoder.writeInbound(msg);
        }
        WebSocketFrame frame = decoder.readInbound();
        decoder.finishAndReleaseAll();
        assertThat(frame).as("a frame").isNotNull();
        return frame;
    }
}
