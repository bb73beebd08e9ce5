package dev.sockeye.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every option's default is the Node.js engine.io one (engine.io 6.6 {@code BaseServer} and {@code attach}). */
class EngineOptionsTest {

    @Test
    void defaultsAreNodes() {
        EngineOptions options = EngineOptions.builder().build();
        assertThat(options.path()).isEqualTo("/engine.io");
        assertThat(options.pingInterval()).isEqualTo(Duration.ofSeconds(25));
        assertThat(options.pingTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.upgradeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.maxHttpBufferSize()).isEqualTo(1_000_000L);
        assertThat(options.transports()).containsExactly("polling", "websocket");
        assertThat(options.allowUpgrades()).isTrue();
        assertThat(options.allowRequest()).isNull();
        assertThat(options.httpCompression()).isTrue();
        assertThat(options.httpCompressionThreshold()).isEqualTo(1024);
        assertThat(options.perMessageDeflate()).isFalse();
        assertThat(options.cors()).isNull();
        assertThat(options.cookie()).isNull();
        assertThat(options.addTrailingSlash()).isTrue();
        assertThat(options.allowEIO3()).isFalse();
        assertThat(options.initialPacket()).isNull();
        assertThat(options.maxConnections()).isZero();
        assertThat(options.idGenerator()).isNotNull();
    }

    @Test
    void perMessageDeflateTurnedOnKeepsNodesThresholdOf1024() {
        EngineOptions options =
                EngineOptions.builder().perMessageDeflate(true, 1024).build();
        assertThat(options.perMessageDeflate()).isTrue();
        assertThat(EngineOptions.builder().build().perMessageDeflateThreshold()).isEqualTo(1024);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        EngineOptions options = EngineOptions.builder()
                .path("/x/")
                .pingInterval(Duration.ofSeconds(1))
                .transports(List.of(EngineOptions.WEBSOCKET))
                .addTrailingSlash(false)
                .httpCompression(false, 10)
                .build();
        EngineOptions copy = options.toBuilder().build();
        assertThat(copy.path()).isEqualTo("/x");
        assertThat(copy.pingInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.transports()).containsExactly("websocket");
        assertThat(copy.addTrailingSlash()).isFalse();
        assertThat(copy.httpCompression()).isFalse();
        assertThat(copy.httpCompressionThreshold()).isEqualTo(10);
    }
}
