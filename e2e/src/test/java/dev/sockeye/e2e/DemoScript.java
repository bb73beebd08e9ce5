package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A demo's run script ({@code examples/run-demo.sh}, {@code examples/run-spring-demo.sh}) started as a user starts it,
 * from the repository root with {@code PORT=0}, on the classes of the build that runs the test
 * ({@code SOCKEYE_SKIP_BUILD=1}). {@link #start} returns once the script printed {@code READY port=<port> pid=<pid>},
 * whose pid must be the script's own (it {@code exec}s the JVM). {@link #close()} kills it.
 */
public final class DemoScript implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("READY port=(\\d+) pid=(\\d+)");

    private final Process process;
    private final int port;

    private DemoScript(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code script} and waits up to {@code startup} for its READY line.
     *
     * @param root    the repository root
     * @param script  the script, relative to the root
     * @param log     where its standard error goes
     * @param startup how long the start may take
     */
    public static DemoScript start(File root, String script, File log, Duration startup) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(script).directory(root.getCanonicalFile()).redirectError(log);
        builder.environment().put("PORT", "0"); // any free port; the READY line tells which
        builder.environment().put("SOCKEYE_SKIP_BUILD", "1"); // the classes are this build's own
        Process process = builder.start();
        try {
            String ready = readyLine(
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                    startup,
                    log);
            Matcher m = READY.matcher(ready);
            assertThat(m.matches()).as(ready).isTrue();
            assertThat(Long.parseLong(m.group(2)))
                    .as("exec'd: the JVM is the script's process")
                    .isEqualTo(process.pid());
            int port = Integer.parseInt(m.group(1));
            assertThat(port).isPositive();
            return new DemoScript(process, port);
        } catch (IOException | RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The READY line, past anything else the script prints first. */
    private static String readyLine(BufferedReader out, Duration startup, File log) throws IOException {
        long deadline = System.nanoTime() + startup.toNanos();
        for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                return line;
            }
        }
        throw new AssertionError("no READY line within " + startup + "; see " + log);
    }

    /** The port from the READY line. */
    public int port() {
        return port;
    }

    /** The script's process (the demo's JVM). */
    public Process process() {
        return process;
    }

    /** Asserts that the port serves the chat page and, where the page loads it from, the client bundle. */
    public void assertServesThePageAndTheBundle() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/socket.io/socket.io.js");
        HttpResponse<String> bundle = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/socket.io/socket.io.js"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bundle.statusCode()).isEqualTo(200);
    }

    /** Kills the script if it is still running. */
    @Override
    public void close() {
        process.destroyForcibly();
    }
}
