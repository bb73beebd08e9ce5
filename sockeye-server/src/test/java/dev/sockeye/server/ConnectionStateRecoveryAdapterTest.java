package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.InMemorySessionStore;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.Session;
import dev.sockeye.core.adapter.SessionAwareAdapter;
import dev.sockeye.core.adapter.SessionStore;
import dev.sockeye.server.testing.FakeEngineSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the server takes an adapter's restore: a future completed later (a network store) still recovers; an
 * adapter that throws or fails gives the client a new session, never an error.
 */
class ConnectionStateRecoveryAdapterTest extends WireTest {
    /** What {@link #build}'s adapter does on restore; set by each test before the reconnection. */
    private volatile Mode mode = Mode.LATER;

    private enum Mode {
        LATER,
        THROW,
        FAIL
    }

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SessionStore store = new InMemorySessionStore(ConnectionStateRecovery.defaults());
        return builder.connectionStateRecovery(ConnectionStateRecovery.defaults())
                .adapter(host -> new Flaky(host, store))
                .build();
    }

    /** A session-aware adapter whose restore answers later, throws, or fails, as {@link #mode} says. */
    private final class Flaky extends SessionAwareAdapter {
        Flaky(NamespaceHost host, SessionStore store) {
            super(host, store);
        }

        @Override
        public CompletableFuture<Session> restoreSession(String pid, String offset) {
            Executor later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
            return switch (mode) {
                case LATER ->
                    CompletableFuture.supplyAsync(
                            () -> super.restoreSession(pid, offset).join(), later);
                case THROW -> throw new IllegalStateException("store down");
                case FAIL -> CompletableFuture.failedFuture(new IllegalStateException("store down"));
            };
        }
    }

    /** Drops a client in "room", then reconnects it with its session: its CONNECT replies, before and after. */
    private ConnectionStateRecoveryTest.Reply[] dropAndReconnect() {
        io.onConnection(socket -> socket.join("room"));
        ConnectionStateRecoveryTest.Dropped dropped = droppedFromRoom(DisconnectReason.TRANSPORT_ERROR.wire());
        FakeEngineSocket back = open();
        back.receive("40" + ConnectionStateRecoveryTest.auth(dropped.reply(), dropped.offset()));
        return new ConnectionStateRecoveryTest.Reply[] {
            dropped.reply(), ConnectionStateRecoveryTest.reply(back.nextText())
        };
    }

    @Test
    void aRestoreAnsweredLaterStillRecovers() {
        mode = Mode.LATER;
        ConnectionStateRecoveryTest.Reply[] replies = dropAndReconnect();
        assertThat(replies[1]).isEqualTo(replies[0]);
    }

    @Test
    void aRestoreThatThrowsGivesANewSession() {
        mode = Mode.THROW;
        ConnectionStateRecoveryTest.Reply[] replies = dropAndReconnect();
        assertThat(replies[1].sid()).isNotEqualTo(replies[0].sid());
    }

    @Test
    void aRestoreThatFailsGivesANewSession() {
        mode = Mode.FAIL;
        ConnectionStateRecoveryTest.Reply[] replies = dropAndReconnect();
        assertThat(replies[1].sid()).isNotEqualTo(replies[0].sid());
    }
}
