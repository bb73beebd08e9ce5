package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.Await;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code e2e/fixture.sh}, the command the conformance suites start: it serves the fixture on
 * {@code $HOST:$PORT} in the foreground (the JVM {@code exec}'d in place of the script), both the
 * Engine.IO echo endpoint and the Socket.IO one, and exits on SIGTERM.
 */
class FixtureScriptTest {

    @Test
    void theFixtureScriptServesBothEndpointsOnPortAndStopsOnSigterm() throws Exception {
        int port = freePort(); // the fixture prints no READY line, so the test picks the port
        ProcessBuilder builder = new ProcessBuilder("e2e/fixture.sh")
                .directory(new File("..").getCanonicalFile())
                .redirectErrorStream(true)
                .redirectOutput(new File("target/fixture-script.log"));
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("SOCKEYE_SKIP_BUILD", "1"); // the classes and classpath are this build's own
        Process process = builder.start();
        try {
            awaitListening(process, port);
            assertThat(process.info().command())
                    .as("exec'd: the JVM is the script's process")
                    .hasValueSatisfying(command -> assertThat(command).endsWith("java"));

            Http http = new Http(port);
            HttpResponse<String> open = http.get("/engine.io/?EIO=4&transport=polling");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.body())
                    .matches("0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"],"
                            + "\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");

            String sid = http.handshake("/socket.io/");
            String poll = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
            assertThat(http.post(poll, "40").body()).isEqualTo("ok");
            assertThat(nextSocketIoPacket(http, poll)).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(15, TimeUnit.SECONDS))
                    .as("exits on SIGTERM")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Polls until a Socket.IO packet arrives (the CONNECT is answered from the handler executor, after
     * the POST), answering the fixture's 300 ms pings on the way.
     */
    private static String nextSocketIoPacket(Http http, String poll) throws Exception {
        for (int i = 0; i < 20; i++) {
            for (String packet : http.get(poll).body().split(Http.SEP)) {
                if (packet.equals("2")) {
                    http.post(poll, "3");
                } else {
                    return packet;
                }
            }
        }
        throw new AssertionError("no Socket.IO packet in 20 polls");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Until the port accepts connections; fails at once if the script ends first. */
    private static void awaitListening(Process process, int port) {
        Await.until("fixture.sh listening on " + port, Duration.ofSeconds(60), () -> {
            assertThat(process.isAlive())
                    .as("fixture.sh still running (see target/fixture-script.log)")
                    .isTrue();
            try {
                new Socket("127.0.0.1", port).close();
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }
}
