package dev.sockeye.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Raw HTTP requests to a test server with {@code java.net.http}, bodies as exact strings. */
final class Http {
    static final String SEP = "\u001e";
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String url(String target) {
        return base + target;
    }

    HttpResponse<String> get(String target) throws IOException, InterruptedException {
        return CLIENT.send(request(target).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    CompletableFuture<HttpResponse<String>> getAsync(String target) {
        return CLIENT.sendAsync(
                request(target).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        return send(target, "POST", body, "text/plain;charset=UTF-8");
    }

    HttpResponse<String> send(String target, String method, String body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder =
                request(target).method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String target) {
        return HttpRequest.newBuilder(URI.create(base + target)).timeout(Duration.ofSeconds(10));
    }

    /** Opens a polling session on {@code path} ({@code /engine.io/}) and returns its sid. */
    String handshake(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path + "?EIO=4&transport=polling");
        if (response.statusCode() != 200) {
            throw new AssertionError("handshake failed: " + response.statusCode() + " " + response.body());
        }
        return sidOf(response.body());
    }

    static String sidOf(String openPacket) {
        Matcher m = SID.matcher(openPacket);
        if (!m.find()) {
            throw new AssertionError("no sid in " + openPacket);
        }
        return m.group(1);
    }
}
