package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.examples.ChatDemo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat demo's page over real HTTP, next to the client bundle its server serves (see {@link ServeClientTest}). */
class ChatDemoPageTest {

    private static ChatDemo demo;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        demo = ChatDemo.start("127.0.0.1", 0);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void servesTheChatPageThatLoadsTheBundleFromTheSameServer() throws Exception {
        HttpResponse<byte[]> page = get("/");
        HttpResponse<byte[]> script = get("/app.js");
        HttpResponse<byte[]> style = get("/style.css");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("<script src=\"/socket.io/socket.io.js\"></script>", "<script src=\"app.js\"></script>");
        assertThat(script.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(style.headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
        assertThat(get("/nothing-here.html").statusCode()).isEqualTo(404);
        assertThat(get("/../pom.xml").statusCode()).isIn(400, 404);
    }

    @Test
    void servesTheClientBundleTheBrowserLoads() throws Exception {
        HttpResponse<byte[]> bundle = get("/socket.io/socket.io.js");

        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("etag")).hasValue("\"4.8.4\"");
    }

    private static HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
