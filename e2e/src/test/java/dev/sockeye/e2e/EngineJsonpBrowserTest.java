package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.testing.node.NodePeer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * JSONP polling with a real client: npm engine.io-client 3.5's browser build with {@code forceJSONP} in headless
 * Chromium ({@code node/browser/eio3-jsonp.js}, Playwright) against the echo endpoint with {@code allowEIO3}. Its
 * polls are script tags calling {@code ___eio[j]}, its sends hidden-form posts; text with quotes, backslashes,
 * newlines and U+2028 and binary (base64) come back unchanged, and the session outlives several ping cycles.
 */
class EngineJsonpBrowserTest {

    @Test
    void aForcedJsonpClientInABrowserGetsTextAndBinaryEchoed() throws Exception {
        Chromium.assertInstalled();
        NettyServer.Builder builder = NettyServer.builder().host("127.0.0.1").port(0);
        ConformanceFixture.engineIoEcho(builder, true);
        try (NettyServer server = builder.build().start();
                NodePeer browser = Chromium.run("browser/eio3-jsonp.js", server.port())) {
            // the first line, within a minute: Chromium starts slowly on a loaded machine
            assertThat(browser.next(Duration.ofSeconds(60)))
                    .isEqualTo("SEEN {\"jsonp\":true,\"protocol\":3,\"textEchoed\":true,\"binary\":[1,2,255],"
                            + "\"afterPings\":\"still here\",\"close\":\"forced close\"}");
            assertThat(browser.next(Duration.ofSeconds(10))).isEqualTo("OK");
        }
    }
}
