package dev.sockeye.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.node.NodePeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot chat in headless Chromium, through the same script as the Netty chat
 * (e2e/node/browser/chat-demo.js, Playwright): the page and /socket.io/socket.io.js come from the Spring application
 * (Spring MVC and the servlet front on one port); two users chat with acks and a typing indicator, rooms, a private
 * message, a reload, and a restart of the application on the same port that both pages survive. Once over HTTP
 * long-polling only, once over WebSocket only.
 */
class SpringChatBrowserTest {

    private static final Duration STEP = Duration.ofSeconds(60);
    private static final String CHROMIUM = System.getProperty("sockeye.chromium", "/usr/bin/chromium");

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void twoBrowserUsersChatAcrossRoomsReloadAndApplicationRestart(String transport) throws Exception {
        assertThat(Path.of(CHROMIUM)).as("Chromium (apt-get install chromium)").isExecutable();
        ConfigurableApplicationContext app = start(0);
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        List<String> output = new ArrayList<>();
        try (NodePeer script = NodePeer.start(
                "browser/chat-demo.js", Map.of("CHROMIUM", CHROMIUM), "http://127.0.0.1:" + port, transport)) {
            // Each step within a minute; a failing script ends with its reason in the AssertionError.
            for (String line = script.next(STEP); !line.equals("OK"); line = script.next(STEP)) {
                output.add(line);
                if (line.equals("RESTART")) {
                    // Spring's graceful stop (pages are told "server shutting down"), then a new application on the
                    // port.
                    app.close();
                    app = start(port);
                    script.send("restarted");
                }
            }
            assertThat(output).contains("STEP rooms", "STEP private message", "STEP reload", "STEP server restart");
        } finally {
            app.close();
        }
    }

    /**
     * The application on {@code port}, with a 5 s ping interval and a 5 s ping timeout: the servlet front does not
     * notice that a reloaded page dropped its pending long-poll (Tomcat reports no error for it; the ping written to
     * it goes nowhere), so over polling the old socket leaves by ping timeout, after up to interval + timeout (45 s
     * with the defaults), not at once as on the Netty front; the script waits 15 s for "bob left".
     */
    private static ConfigurableApplicationContext start(int port) {
        // as arguments: they override application.yml (PORT, ADAPTER, ...), as on the command line
        return new SpringApplicationBuilder(SpringChatApplication.class)
                .run(
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--sockeye.adapter=memory",
                        "--sockeye.ping-interval=5s",
                        "--sockeye.ping-timeout=5s");
    }
}
