package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.clientbundle.ClientBundle;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.server.SocketIoServer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NettySocketIoHandler} in {@link EmbeddedChannel}s: the client files under the Socket.IO path
 * (Node's {@code serveClient}), in request order behind a pending long-poll, and everything else
 * passed on to the engine or further down. Every buffer is released.
 */
class NettySocketIoHandlerTest {
    private static final String SID = "AAAAAAAAAAAAAAAAAAAA";
    private final List<Object> passedOn = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private SocketIoServer io;

    private EmbeddedChannel channel(boolean serveClient) {
        if (io == null) {
            io = SocketIoServer.builder()
                    .engineOptions(
                            EngineOptions.builder().idGenerator(request -> SID).build())
                    .handlerExecutor(Runnable::run) // handlers answer on the test thread: no waiting
                    .serveClient(serveClient)
                    .build();
        }
        EmbeddedChannel channel = new EmbeddedChannel(
                new HttpServerCodec(), new NettySocketIoHandler(io), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        passedOn.add(msg);
                    }
                });
        channels.add(channel);
        return channel;
    }

    @AfterEach
    void release() {
        passedOn.forEach(ReferenceCountUtil::release);
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        if (io != null) {
            io.close();
        }
    }

    private static void write(EmbeddedChannel channel, String raw) {
        EmbeddedHttp.write(channel, raw);
    }

    /** Everything written out so far (after the pending tasks ran), as ISO-8859-1 text; the buffers are released. */
    private static String written(EmbeddedChannel channel) {
        channel.runPendingTasks();
        return EmbeddedHttp.written(channel);
    }

    private static String file(String name) {
        return StandardCharsets.ISO_8859_1
                .decode(ClientBundle.standard().content(name).orElseThrow())
                .toString();
    }

    @Test
    void replacesItselfWithTheClientFileAndEngineHandlers() {
        EmbeddedChannel channel = channel(true);

        assertThat(channel.pipeline().get(NettySocketIoHandler.class)).isNull();
        assertThat(channel.pipeline().get(NettyEngineHandler.class)).isNotNull();
        assertThat(channel.pipeline().names())
                .containsSubsequence(
                        "HttpServerCodec#0", "NettySocketIoHandler#0.client", "NettySocketIoHandler#0.engine");
    }

    @Test
    void servesTheClientFilesWithTheNodeServersHeaders() {
        EmbeddedChannel channel = channel(true);
        write(channel, "GET /socket.io/socket.io.min.js?v=2 HTTP/1.1\r\nHost: x\r\n\r\n");

        String out = written(channel);
        String body = file("socket.io.min.js");
        assertThat(out)
                .isEqualTo("HTTP/1.1 200 OK\r\nCache-Control: public, max-age=0\r\nETag: \"4.8.4\"\r\n"
                        + "Content-Type: application/javascript; charset=utf-8\r\nVary: Accept-Encoding\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(channel.isOpen()).isTrue();
        assertThat(passedOn).isEmpty();
    }

    @Test
    void revalidationHeadAndConnectionCloseAreAnswered() {
        EmbeddedChannel channel = channel(true);
        write(
                channel,
                "GET /socket.io/socket.io.esm.min.js.map HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/\"4.8.4\"\r\n\r\n");
        assertThat(written(channel))
                .isEqualTo("HTTP/1.1 304 Not Modified\r\nCache-Control: public, max-age=0\r\nETag: \"4.8.4\"\r\n\r\n");

        write(channel, "HEAD /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String head = written(channel);
        assertThat(head)
                .startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Length: " + file("socket.io.js").length() + "\r\n", "connection: close\r\n")
                .endsWith("\r\n\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aFileRequestPipelinedBehindAPendingPollIsAnsweredAfterIt() {
        EmbeddedChannel polling = channel(true);
        write(polling, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written(polling)).contains("0{\"sid\":\"" + SID + "\"");

        write(
                polling,
                "GET /socket.io/?EIO=4&transport=polling&sid=" + SID + " HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"4.8.4\"\r\n\r\n");
        assertThat(written(polling)).as("the file waits for the poll").isEmpty();

        EmbeddedChannel posting = channel(true);
        write(
                posting,
                "POST /socket.io/?EIO=4&transport=polling&sid=" + SID
                        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n40");
        assertThat(written(posting)).endsWith("\r\n\r\nok");

        String out = written(polling);
        assertThat(out).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\n40{\"sid\":\"");
        assertThat(out.indexOf("\r\n\r\n40{")).isLessThan(out.indexOf("HTTP/1.1 304 Not Modified\r\n"));
        assertThat(out).endsWith("ETag: \"4.8.4\"\r\n\r\n");
    }

    @Test
    void otherRequestsGoToTheEngineOrFurtherDown() {
        EmbeddedChannel channel = channel(true);
        write(channel, "GET /socket.io/?EIO=4&transport=nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written(channel)).as("the engine's answer").startsWith("HTTP/1.1 400 Bad Request\r\n");

        write(channel, "POST /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nxx");
        write(channel, "GET /socket.io/socket.io.jsx HTTP/1.1\r\nHost: x\r\n\r\n");
        write(channel, "GET /socket.io.js HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written(channel)).isEmpty();
        assertThat(passedOn)
                .filteredOn(HttpRequest.class::isInstance)
                .extracting(m -> ((HttpRequest) m).method() + " " + ((HttpRequest) m).uri())
                .containsExactly("POST /socket.io/socket.io.js", "GET /socket.io/socket.io.jsx", "GET /socket.io.js");
    }

    @Test
    void withoutServeClientTheFileRequestsArePassedOn() {
        EmbeddedChannel channel = channel(false);

        assertThat(channel.pipeline().names()).noneMatch(name -> name.endsWith(".client"));
        write(channel, "GET /socket.io/socket.io.js HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(written(channel)).isEmpty();
        assertThat(passedOn)
                .filteredOn(HttpRequest.class::isInstance)
                .extracting(m -> ((HttpRequest) m).uri())
                .containsExactly("/socket.io/socket.io.js");
    }
}
