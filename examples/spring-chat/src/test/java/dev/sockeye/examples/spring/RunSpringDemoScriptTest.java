package dev.sockeye.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.e2e.NodePeer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/run-spring-demo.sh}: it honours {@code PORT}, prints {@code READY port=<port> pid=<pid>} once the
 * application listens, serves the page and the client bundle on that port, and on SIGTERM (Spring's graceful
 * shutdown) tells a connected user "server shutting down" before it exits.
 */
class RunSpringDemoScriptTest {
    private static final Pattern READY = Pattern.compile("READY port=(\\d+) pid=(\\d+)");

    @Test
    void theScriptHonoursPortPrintsReadyServesThePageAndStopsGracefullyOnSigterm() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("examples/run-spring-demo.sh")
                .directory(new File("../..").getCanonicalFile())
                .redirectError(new File("target/run-spring-demo-script.log"));
        builder.environment().put("PORT", "0"); // any free port; the READY line tells which
        builder.environment().put("SOCKEYE_SKIP_BUILD", "1"); // the classes are this build's own
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = readyLine(out);
            Matcher m = READY.matcher(ready);
            assertThat(m.matches()).as(ready).isTrue();
            int port = Integer.parseInt(m.group(1));
            assertThat(port).isPositive();
            assertThat(Long.parseLong(m.group(2))).isEqualTo(process.pid()); // exec'd: the JVM is the script's process

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("/socket.io/socket.io.js");
            HttpResponse<String> bundle = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/socket.io/socket.io.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.body()).contains("Socket.IO");

            try (NodePeer user = NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + port, "websocket")) {
                user.send("{\"open\":\"/\",\"auth\":{\"nickname\":\"alice\"}}");
                user.awaitLine(line -> line.contains("\"event\":\"connect\""));

                process.destroy(); // SIGTERM: Spring closes the application gracefully
                assertThat(user.awaitLine(line -> line.contains("\"shutdown\""))).contains("server shutting down");
                user.awaitLine(line -> line.contains("\"event\":\"disconnect\""));
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the application exits after SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    /** The READY line, past anything else the application prints first; within two minutes (a cold start). */
    private static String readyLine(BufferedReader out) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                return line;
            }
        }
        throw new AssertionError("no READY line; see target/run-spring-demo-script.log");
    }
}
