package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official client bundle over real HTTP from a plain {@link NettySocketIoServer} ({@code serveClient}, on by
 * default): every file is byte-identical to the one npm installed (e2e/node/node_modules/socket.io-client/dist), with
 * the Node server's headers, ETag revalidation and gzip; the application's own handlers share the port; without
 * {@code serveClient} the files are not there.
 */
class ServeClientTest {

    private static final Path DIST =
            Path.of(System.getProperty("sockeye.node.dir", "node"), "node_modules", "socket.io-client", "dist");

    private static NettySocketIoServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = Loopback.builder(SocketIoServer.create())
                .handler(Hello::new)
                .build()
                .start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The application's own route. */
    @ChannelHandler.Sharable
    private static final class Hello extends SimpleChannelInboundHandler<FullHttpRequest> {
        Hello() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!request.uri().equals("/hello")) {
                ctx.fireChannelRead(request);
                return;
            }
            request.release();
            FullHttpResponse response = new DefaultFullHttpResponse(
                    request.protocolVersion(),
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer("hi", java.nio.charset.StandardCharsets.US_ASCII));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 2);
            ctx.writeAndFlush(response);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "socket.io.js", "socket.io.js.map", "socket.io.min.js", "socket.io.min.js.map",
                "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js",
                        "socket.io.msgpack.min.js.map",
            })
    void servesEveryClientFileByteIdenticalToTheNpmPackage(String file) throws Exception {
        HttpResponse<byte[]> response = get("/socket.io/" + file, null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Files.readAllBytes(DIST.resolve(file)));
        assertThat(response.headers().firstValue("etag")).hasValue("\"4.8.4\"");
        assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=0");
        assertThat(response.headers().firstValue("content-type"))
                .hasValue(
                        file.endsWith(".map")
                                ? "application/json; charset=utf-8"
                                : "application/javascript; charset=utf-8");
    }

    @Test
    void answersNotModifiedToARevalidationWithTheVersionEtag() throws Exception {
        HttpResponse<byte[]> strong = get("/socket.io/socket.io.min.js", "\"4.8.4\"", null);
        HttpResponse<byte[]> weak = get("/socket.io/socket.io.min.js", "W/\"4.8.4\"", null);
        HttpResponse<byte[]> stale = get("/socket.io/socket.io.min.js", "\"4.8.3\"", null);

        assertThat(strong.statusCode()).isEqualTo(304);
        assertThat(strong.body()).isEmpty();
        assertThat(weak.statusCode()).isEqualTo(304);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(Files.readAllBytes(DIST.resolve("socket.io.min.js")));
    }

    @Test
    void gzipsForClientsThatAcceptIt() throws Exception {
        HttpResponse<byte[]> response = get("/socket.io/socket.io.js?v=1", null, "gzip, deflate, br");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(DIST.resolve("socket.io.js")));
        }
    }

    @Test
    void theApplicationsHandlersShareThePortAndUnknownPathsAre404() throws Exception {
        HttpResponse<byte[]> hello = get("/hello", null, null);

        assertThat(hello.statusCode()).isEqualTo(200);
        assertThat(hello.body()).asString().isEqualTo("hi");
        assertThat(get("/socket.io/socket.io.jsx", null, null).statusCode()).isEqualTo(404);
        assertThat(get("/socket.io.js", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutServeClientTheFilesAreNotServed() throws Exception {
        try (NettySocketIoServer plain = NettySocketIoServer.builder(
                        SocketIoServer.builder().serveClient(false).build())
                .host("127.0.0.1")
                .port(0)
                .build()
                .start()) {
            HttpResponse<byte[]> response = get(plain.port(), "/socket.io/socket.io.js", null, null);

            assertThat(response.statusCode()).isEqualTo(404);
        }
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch, String acceptEncoding)
            throws IOException, InterruptedException {
        return get(server.port(), path, ifNoneMatch, acceptEncoding);
    }

    private static HttpResponse<byte[]> get(int port, String path, String ifNoneMatch, String acceptEncoding)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
