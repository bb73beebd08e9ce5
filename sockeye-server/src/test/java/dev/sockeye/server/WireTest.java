package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;

/** Base of the wire-level tests: a server fed by {@link FakeEngineSocket}s, exact packet strings in and out. */
abstract class WireTest {
    static final Pattern CONNECT_REPLY = Pattern.compile("40(/[^,]*,)?\\{\"sid\":\"([A-Za-z0-9_-]{20})\"\\}");
    static final Duration QUIET = Duration.ofMillis(200);

    SocketIoServer io = build(SocketIoServer.builder());

    /** Override to change options. */
    SocketIoServer build(SocketIoServer.Builder builder) {
        return builder.build();
    }

    @AfterEach
    void closeServer() {
        io.close();
    }

    /** A new connection, not yet in any namespace. */
    FakeEngineSocket open() {
        FakeEngineSocket conn = new FakeEngineSocket();
        io.accept(conn);
        return conn;
    }

    /** A new connection joined to {@code nsp}; returns it after the CONNECT reply. */
    FakeEngineSocket connected(String nsp) {
        FakeEngineSocket conn = open();
        join(conn, nsp);
        return conn;
    }

    /** A new connection joined to {@code "/"}, put in {@code conn[0]}; returns its server-side socket. */
    Socket socketOf(FakeEngineSocket[] conn) {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        conn[0] = connected("/");
        return sockets.next();
    }

    /**
     * With connection state recovery on, for a server whose connection handler joins "room": connects to "/",
     * receives one broadcast to the room, and loses the connection with {@code reason}; returns what the client
     * keeps to come back.
     */
    ConnectionStateRecoveryTest.Dropped droppedFromRoom(String reason) {
        FakeEngineSocket conn = open();
        conn.receive("40");
        ConnectionStateRecoveryTest.Reply before = ConnectionStateRecoveryTest.reply(conn.nextText());
        dev.sockeye.testing.Await.until(
                "joined",
                Duration.ofSeconds(5),
                () -> io.sockets().adapter().rooms().containsKey("room"));
        io.to("room").emit("m", 0);
        String offset = ConnectionStateRecoveryTest.offsetOf(conn.nextText());
        conn.closeFromEngine(reason);
        dev.sockeye.testing.Await.until(
                "socket gone",
                Duration.ofSeconds(5),
                () -> io.sockets().sockets().isEmpty());
        return new ConnectionStateRecoveryTest.Dropped(before, offset);
    }

    /** Joins {@code nsp} and returns the socket id of the CONNECT reply. */
    static String join(FakeEngineSocket conn, String nsp) {
        conn.receive("/".equals(nsp) ? "40" : "40" + nsp + ",");
        return sidOf(conn.nextText());
    }

    static String sidOf(String connectReply) {
        Matcher m = CONNECT_REPLY.matcher(connectReply);
        assertThat(m.matches()).as("CONNECT reply %s", connectReply).isTrue();
        return m.group(2);
    }
}
