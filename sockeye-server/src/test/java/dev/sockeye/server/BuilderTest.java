package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineOptions;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Setting one engine option on {@link SocketIoServer.Builder} never resets another, whatever the order. */
class BuilderTest {
    private static final CorsOptions CORS = CorsOptions.origins(List.of("https://example.com"));
    /** Whole engine options with values of their own, for the shortcuts and for an option that has none. */
    private static final EngineOptions ENGINE = EngineOptions.builder()
            .pingInterval(Duration.ofSeconds(1))
            .pingTimeout(Duration.ofSeconds(2))
            .maxHttpBufferSize(3)
            .upgradeTimeout(Duration.ofSeconds(4))
            .build();

    private static final List<UnaryOperator<SocketIoServer.Builder>> SHORTCUTS = List.of(
            b -> b.pingInterval(Duration.ofSeconds(11)),
            b -> b.pingTimeout(Duration.ofSeconds(12)),
            b -> b.maxHttpBufferSize(13),
            b -> b.cors(CORS),
            b -> b.allowEIO3(true));

    private static void assertShortcutsAndEngine(SocketIoOptions options) {
        EngineOptions engine = options.engineOptions();
        assertThat(engine.pingInterval()).isEqualTo(Duration.ofSeconds(11));
        assertThat(engine.pingTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(engine.maxHttpBufferSize()).isEqualTo(13);
        assertThat(engine.cors()).isSameAs(CORS);
        assertThat(engine.allowEIO3()).isTrue();
        assertThat(engine.upgradeTimeout())
                .as("an option only engineOptions set")
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(engine.path()).isEqualTo("/ws");
    }

    @Test
    void engineOptionsAfterTheShortcutsKeepsThem() {
        SocketIoServer.Builder b = SocketIoServer.builder().path("/ws");
        SHORTCUTS.forEach(s -> s.apply(b));
        assertShortcutsAndEngine(b.engineOptions(ENGINE).buildOptions());
    }

    @Test
    void engineOptionsBeforeTheShortcutsKeepsThem() {
        SocketIoServer.Builder b =
                SocketIoServer.builder().engineOptions(ENGINE).path("/ws");
        SHORTCUTS.forEach(s -> s.apply(b));
        assertShortcutsAndEngine(b.buildOptions());
    }

    @Test
    void engineOptionsBetweenAnyTwoShortcutsKeepsBoth() {
        for (int split = 0; split <= SHORTCUTS.size(); split++) {
            SocketIoServer.Builder b = SocketIoServer.builder().path("/ws");
            SHORTCUTS.subList(0, split).forEach(s -> s.apply(b));
            b.engineOptions(ENGINE);
            SHORTCUTS.subList(split, SHORTCUTS.size()).forEach(s -> s.apply(b));
            assertShortcutsAndEngine(b.buildOptions());
        }
    }

    @Test
    void aSecondEngineOptionsReplacesTheFirstButNotTheShortcuts() {
        SocketIoServer.Builder b = SocketIoServer.builder()
                .pingInterval(Duration.ofSeconds(11))
                .engineOptions(EngineOptions.builder()
                        .upgradeTimeout(Duration.ofSeconds(9))
                        .build())
                .engineOptions(ENGINE);
        EngineOptions engine = b.buildOptions().engineOptions();
        assertThat(engine.pingInterval()).isEqualTo(Duration.ofSeconds(11));
        assertThat(engine.upgradeTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(engine.pingTimeout()).as("from the second engineOptions").isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aShortcutStillChecksItsValueAtOnce() {
        assertThatThrownBy(() -> SocketIoServer.builder().pingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocketIoServer.builder().maxHttpBufferSize(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void corsIsOffByDefaultAndToBuilderKeepsEverything() {
        assertThat(SocketIoServer.builder().buildOptions().engineOptions().cors())
                .isNull();
        SocketIoServer.Builder b =
                SocketIoServer.builder().engineOptions(ENGINE).path("/ws");
        SHORTCUTS.forEach(s -> s.apply(b));
        assertShortcutsAndEngine(b.buildOptions().toBuilder().buildOptions());
    }
}
