package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** With {@code skipMiddlewares(false)} a recovered socket goes through the middlewares, which may refuse it. */
class ConnectionStateRecoveryMiddlewareTest extends WireTest {

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        return builder.connectionStateRecovery(
                        ConnectionStateRecovery.defaults().withSkipMiddlewares(false))
                .build();
    }

    @Test
    void aRecoveredSocketRunsTheMiddlewaresWhichSeeItRecoveredAndMayRefuseIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        io.use((socket, next) -> {
            seen.add(socket.id() + " " + socket.recovered());
            if (socket.recovered() && socket.handshake().auth().path("refuse").asBoolean()) {
                next.fail(new ConnectError("no recovery today"));
                return;
            }
            next.proceed();
        });
        io.onConnection(socket -> socket.join("room"));
        ConnectionStateRecoveryTest.Dropped dropped = droppedFromRoom(DisconnectReason.PING_TIMEOUT.wire());
        ConnectionStateRecoveryTest.Reply before = dropped.reply();
        String offset = dropped.offset();
        io.to("room").emit("m", 1);

        FakeEngineSocket back = open();
        back.receive("40" + ConnectionStateRecoveryTest.auth(before, offset));
        assertThat(back.nextText()).startsWith("42[\"m\",1,");
        assertThat(ConnectionStateRecoveryTest.reply(back.nextText())).isEqualTo(before);
        assertThat(seen).containsExactly(before.sid() + " false", before.sid() + " true");

        back.closeFromEngine(DisconnectReason.TRANSPORT_CLOSE.wire());
        Await.until(
                "socket gone",
                Duration.ofSeconds(5),
                () -> io.sockets().sockets().isEmpty());
        io.to("room").emit("m", 2);
        String authRefused = "{\"pid\":\"" + before.pid() + "\",\"offset\":\"" + offset + "\",\"refuse\":true}";
        FakeEngineSocket refused = open();
        refused.receive("40" + authRefused);
        assertThat(refused.nextText()).startsWith("42[\"m\",1,");
        assertThat(refused.nextText()).startsWith("42[\"m\",2,");
        assertThat(refused.nextText()).isEqualTo("44{\"message\":\"no recovery today\"}");
        assertThat(io.sockets().adapter().rooms())
                .as("the refused socket left its rooms")
                .isEmpty();
    }
}
