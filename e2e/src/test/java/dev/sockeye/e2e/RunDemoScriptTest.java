package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code examples/run-demo.sh}: it honours {@code PORT}, prints
 * {@code READY port=<port> pid=<pid>} once it listens, serves the page and the client bundle, and on SIGTERM tells
 * the connected users {@code server shutting down} before it exits.
 */
class RunDemoScriptTest {
    private static final Pattern READY = Pattern.compile("READY port=(\\d+) pid=(\\d+)");

    @Test
    void theDemoScriptHonoursPortPrintsReadyServesThePageAndStopsOnSigterm() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("examples/run-demo.sh")
                .directory(new File("..").getCanonicalFile())
                .redirectError(new File("target/run-demo-script.log"));
        builder.environment().put("PORT", "0"); // any free port; the READY line tells which
        builder.environment().put("SOCKEYE_SKIP_BUILD", "1"); // the classes are this build's own
        Process process = builder.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).matches(READY);
            Matcher m = READY.matcher(ready);
            assertThat(m.matches()).isTrue();
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

            try (JavaClient client = new JavaClient(port, "websocket")) {
                JavaClient.Nsp user = client.open("/", Map.of("nickname", "alice"), "shutdown");
                assertThat(awaitLine(user, "connect")).isEqualTo("connect");

                process.destroy(); // SIGTERM: the shutdown hook closes the server gracefully
                assertThat(awaitLine(user, "shutdown ")).contains("server shutting down");
            }
            assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Skips other events (user counts, presence) until one starting with {@code prefix}. */
    private static String awaitLine(JavaClient.Nsp nsp, String prefix) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            String line = nsp.next();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no event starting with " + prefix);
    }
}
