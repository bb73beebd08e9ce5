package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.ConnectMiddleware.Next;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A socket still in its connect middlewares: rooms it joins there, and its {@code disconnect()}. */
class UnconnectedSocketTest extends WireTest {

    @Test
    void roomsJoinedInAMiddlewareThatRefusesAreLeft() throws Exception {
        Recorder<Socket> refused = new Recorder<>();
        io.use((socket, next) -> {
            socket.join(List.of("lobby", "team"));
            refused.record(socket);
            next.fail(new ConnectError("no"));
        });
        FakeEngineSocket conn = open();
        conn.receive("40");
        assertThat(conn.nextText()).isEqualTo("44{\"message\":\"no\"}");
        Socket socket = refused.next();

        assertThat(io.sockets().adapter().rooms()).doesNotContainKeys("lobby", "team", socket.id());
        assertThat(io.sockets().adapter().sids()).doesNotContainKey(socket.id());
        assertThat(io.in("lobby").fetchSockets().get(5, TimeUnit.SECONDS)).isEmpty();
        socket.join("late"); // a join after the refusal (an asynchronous middleware finishing late) does nothing
        assertThat(io.sockets().adapter().rooms()).doesNotContainKey("late");
    }

    @Test
    void roomsJoinedInTheMiddlewareOfAReplacedConnectAreLeft() throws Exception {
        Recorder<Next> held = new Recorder<>();
        Recorder<Socket> attempts = new Recorder<>();
        io.use((socket, next) -> {
            socket.join("lobby");
            attempts.record(socket);
            held.record(next);
        });
        FakeEngineSocket conn = open();
        conn.receive("40");
        Socket older = attempts.next();
        Next first = held.next();
        conn.receive("40");
        Socket newer = attempts.next();
        Next second = held.next();

        first.proceed(); // replaced: dropped, in its own queue
        second.proceed();
        assertThat(sidOf(conn.nextText())).isEqualTo(newer.id());
        awaitMembers("lobby", Set.of(newer.id()));
        assertThat(io.sockets().adapter().sids()).doesNotContainKey(older.id());
    }

    /** Waits (bounded) until {@code room} holds exactly {@code ids}. */
    private void awaitMembers(String room, Set<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + FakeEngineSocket.WAIT.toNanos();
        while (!ids.equals(io.sockets().adapter().rooms().getOrDefault(room, Set.of()))) {
            assertThat(System.nanoTime()).as("room %s holds %s", room, ids).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void disconnectInAConnectMiddlewareDoesNothing() {
        Recorder<String> events = new Recorder<>();
        io.use((socket, next) -> {
            socket.disconnect();
            socket.disconnect(true);
            events.record("middleware, connected " + socket.connected());
            next.proceed();
        });
        io.onConnection(socket -> {
            socket.onDisconnect(reason -> events.record("disconnect " + reason));
            events.record("connection, connected " + socket.connected());
        });
        FakeEngineSocket conn = open();
        conn.receive("40");
        String sid = sidOf(conn.nextText()); // no DISCONNECT before or after the CONNECT answer
        events.assertNext("middleware, connected false");
        events.assertNext("connection, connected true");
        conn.assertNothingSent(QUIET);
        assertThat(conn.isClosed()).isFalse();
        assertThat(io.sockets().sockets()).containsKey(sid);
        events.assertNone(QUIET);
    }
}
