package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.examples.ChatDemo;
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
 * The official client bundle and the chat page over real HTTP, from the running chat demo: every file is
 * byte-identical to the one npm installed (e2e/node/node_modules/socket.io-client/dist), with the Node server's
 * headers, ETag revalidation and gzip.
 */
class ServeClientTest {

    private static final Path DIST =
            Path.of(System.getProperty("sockeye.node.dir", "node"), "node_modules", "socket.io-client", "dist");

    private static ChatDemo demo;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        demo = ChatDemo.start("127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "socket.io.js", "socket.io.js.map", "socket.io.min.js", "socket.io.min.js.map",
        "socket.io.esm.min.js", "socket.io.esm.min.js.map", "socket.io.msgpack.min.js", "socket.io.msgpack.min.js.map",
    })
    void servesEveryClientFileByteIdenticalToTheNpmPackage(String file) throws Exception {
        HttpResponse<byte[]> response = get("/socket.io/" + file, null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Files.readAllBytes(DIST.resolve(file)));
        assertThat(response.headers().firstValue("etag")).hasValue("\"4.8.4\"");
        assertThat(response.headers().firstValue("cache-control")).hasValue("public, max-age=0");
        assertThat(response.headers().firstValue("content-type")).hasValue(
                file.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8");
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
    void servesTheChatPageThatLoadsTheBundleFromTheSameServer() throws Exception {
        HttpResponse<byte[]> page = get("/", null, null);
        HttpResponse<byte[]> script = get("/app.js", null, null);
        HttpResponse<byte[]> style = get("/style.css", null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<script src=\"/socket.io/socket.io.js\"></script>", "<script src=\"app.js\"></script>");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(style.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/nothing-here.html", null, null).statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml", null, null).statusCode()).isIn(400, 404);
    }

    private static HttpResponse<byte[]> get(String path, String ifNoneMatch, String acceptEncoding)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
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
