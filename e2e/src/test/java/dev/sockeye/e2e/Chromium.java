package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.testing.node.NodePeer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headless Chromium that the browser tests drive: the binary named by the system property
 * {@code sockeye.chromium} (default {@code /usr/bin/chromium}), handed to the scripts of
 * {@code node/browser} in their {@code CHROMIUM} environment variable.
 */
final class Chromium {
    static final String PATH = System.getProperty("sockeye.chromium", "/usr/bin/chromium");

    private Chromium() {}

    /** Fails the test, saying how to install it, when there is no Chromium. */
    static void assertInstalled() {
        assertThat(Path.of(PATH)).as("Chromium (apt-get install chromium)").isExecutable();
    }

    /**
     * Starts a browser script against the server on {@code port} of 127.0.0.1.
     *
     * @param script the script, relative to {@code node/} ({@code browser/v2-client.js})
     * @param port   the server's port; the script gets {@code http://127.0.0.1:<port>} as its first argument
     * @param args   the script's further arguments
     */
    static NodePeer run(String script, int port, String... args) throws IOException {
        List<String> all = new ArrayList<>();
        all.add("http://127.0.0.1:" + port);
        all.addAll(List.of(args));
        return NodePeer.start(script, Map.of("CHROMIUM", PATH), all.toArray(String[]::new));
    }
}
