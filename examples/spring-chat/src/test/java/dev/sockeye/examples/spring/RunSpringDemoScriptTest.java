package dev.sockeye.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.e2e.DemoScript;
import dev.sockeye.testing.node.NodePeer;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/run-spring-demo.sh}: it honours {@code PORT}, prints {@code READY port=<port> pid=<pid>} once the
 * application listens, serves the page and the client bundle on that port, and on SIGTERM (Spring's graceful
 * shutdown) tells a connected user "server shutting down" before it exits.
 */
class RunSpringDemoScriptTest {

    @Test
    void theScriptHonoursPortPrintsReadyServesThePageAndStopsGracefullyOnSigterm() throws Exception {
        try (DemoScript demo = DemoScript.start(
                new File("../.."),
                "examples/run-spring-demo.sh",
                new File("target/run-spring-demo-script.log"),
                Duration.ofMinutes(2))) {
            demo.assertServesThePageAndTheBundle();

            try (NodePeer user =
                    NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + demo.port(), "websocket")) {
                user.send("{\"open\":\"/\",\"auth\":{\"nickname\":\"alice\"}}");
                user.awaitLine(line -> line.contains("\"event\":\"connect\""));

                demo.process().destroy(); // SIGTERM: Spring closes the application gracefully
                assertThat(user.awaitLine(line -> line.contains("\"shutdown\"")))
                        .contains("server shutting down");
                user.awaitLine(line -> line.contains("\"event\":\"disconnect\""));
            }
            assertThat(demo.process().waitFor(20, TimeUnit.SECONDS))
                    .as("the application exits after SIGTERM")
                    .isTrue();
        }
    }
}
