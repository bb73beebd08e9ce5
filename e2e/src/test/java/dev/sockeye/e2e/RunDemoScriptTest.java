package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code examples/run-demo.sh}: it honours {@code PORT}, prints
 * {@code READY port=<port> pid=<pid>} once it listens, serves the page and the client bundle, and on SIGTERM tells
 * the connected users {@code server shutting down} before it exits.
 */
class RunDemoScriptTest {
    @Test
    void theDemoScriptHonoursPortPrintsReadyServesThePageAndStopsOnSigterm() throws Exception {
        try (DemoScript demo = DemoScript.start(
                new File(".."),
                "examples/run-demo.sh",
                new File("target/run-demo-script.log"),
                Duration.ofMinutes(1))) {
            Process process = demo.process();
            int port = demo.port();
            demo.assertServesThePageAndTheBundle();

            try (JavaClient client = new JavaClient(port, "websocket")) {
                JavaClient.Nsp user = client.open("/", Map.of("nickname", "alice"), "shutdown");
                assertThat(user.nextStartingWith("connect")).isEqualTo("connect");

                process.destroy(); // SIGTERM: the shutdown hook closes the server gracefully
                assertThat(user.nextStartingWith("shutdown ")).contains("server shutting down");
            }
            assertThat(process.waitFor(15, TimeUnit.SECONDS))
                    .as("exits on SIGTERM")
                    .isTrue();
        }
    }
}
