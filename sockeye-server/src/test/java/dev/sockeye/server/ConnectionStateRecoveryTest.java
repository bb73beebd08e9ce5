package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.InMemorySessionStore;
import dev.sockeye.core.adapter.SessionAwareAdapter;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import dev.sockeye.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Connection state recovery at the wire: the pid in the CONNECT reply, offsets on recoverable
 * packets only, the session kept on the reasons Node keeps it on, the missed packets replayed
 * before the CONNECT reply of the recovered socket, and every way to get a new session instead.
 */
class ConnectionStateRecoveryTest extends WireTest {
    static final Pattern RECOVERABLE_REPLY =
            Pattern.compile("40(/[^,]*,)?\\{\"sid\":\"([A-Za-z0-9_-]{20})\",\"pid\":\"([A-Za-z0-9_-]{20})\"\\}");
    private static final Pattern OFFSET = Pattern.compile(".*,\"([0-9a-z]+)\"\\]$");
    static final Duration MAX_DISCONNECTION = Duration.ofMinutes(2);

    /** The store's clock, moved by hand to expire sessions. */
    static final AtomicLong MILLIS = new AtomicLong(1_700_000_000_000L);

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        InstantSource clock = () -> Instant.ofEpochMilli(MILLIS.get());
        SocketIoServer server = builder.connectionStateRecovery(ConnectionStateRecovery.defaults())
                .adapter(SessionAwareAdapter.factory(new InMemorySessionStore(MAX_DISCONNECTION, 1 << 20, clock)))
                .build();
        server.of("/custom");
        return server;
    }

    /** What the client keeps from a CONNECT reply. */
    record Reply(String sid, String pid) {}

    static Reply reply(String text) {
        Matcher m = RECOVERABLE_REPLY.matcher(text);
        assertThat(m.matches()).as("CONNECT reply with a pid: %s", text).isTrue();
        return new Reply(m.group(2), m.group(3));
    }

    static String offsetOf(String event) {
        Matcher m = OFFSET.matcher(event);
        assertThat(m.matches()).as("event with an offset: %s", event).isTrue();
        return m.group(1);
    }

    /** Connects to "/" and joins "room" through the "join" handler; returns the reply. */
    Reply connectInRoom(FakeEngineSocket conn) {
        conn.receive("40");
        Reply reply = reply(conn.nextText());
        conn.receive("421[\"join\",\"room\"]");
        assertThat(conn.nextText()).isEqualTo("431[]");
        return reply;
    }

    void handleJoin() {
        io.onConnection(socket -> socket.on("join", (args, ack) -> {
            socket.join(args.get(0, String.class));
            ack.send();
        }));
    }

    /** A client dropped after one broadcast to its room: what it will send back. */
    record Dropped(Reply reply, String offset) {}

    /** Connects in "room", receives one broadcast, and loses its connection with {@code reason}. */
    Dropped droppedAfterOneBroadcast(String reason) {
        return cutAfterOneBroadcast(-1, conn -> conn.closeFromEngine(reason));
    }

    /** Connects in "room", receives the broadcast of {@code value}, and is cut by {@code cut}; waits until the socket is gone. */
    private Dropped cutAfterOneBroadcast(int value, java.util.function.Consumer<FakeEngineSocket> cut) {
        FakeEngineSocket conn = open();
        Reply before = connectInRoom(conn);
        io.to("room").emit("m", value);
        String offset = offsetOf(conn.nextText());
        cut.accept(conn);
        dev.sockeye.testing.Await.until(
                "socket gone",
                Duration.ofSeconds(5),
                () -> !io.sockets().sockets().containsKey(before.sid()));
        return new Dropped(before, offset);
    }

    static String auth(Reply reply, String offset) {
        return "{\"pid\":\"" + reply.pid() + "\",\"offset\":\"" + offset + "\"}";
    }

    @Test
    void theConnectReplyCarriesAPrivateIdBesidesTheSocketId() {
        FakeEngineSocket conn = open();
        conn.receive("40");
        Reply main = reply(conn.nextText());
        conn.receive("40/custom,");
        String custom = conn.nextText();
        assertThat(custom).startsWith("40/custom,{\"sid\":");
        assertThat(reply(custom).pid()).isNotEqualTo(main.pid());
        assertThat(main.pid()).isNotEqualTo(main.sid());
    }

    @Test
    void broadcastsAndEmitsCarryAnOffsetUnlessTheyAskForAnAckOrAreVolatile() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        FakeEngineSocket conn = open();
        conn.receive("40");
        reply(conn.nextText());
        Socket socket = sockets.next();

        io.emit("all", 1);
        String first = conn.nextText();
        assertThat(first).startsWith("42[\"all\",1,\"");
        io.to(socket.id()).emit("room", 2);
        assertThat(conn.nextText()).isEqualTo("42[\"room\",2,\"" + next(offsetOf(first), 1) + "\"]");
        socket.emit("direct", 3);
        assertThat(conn.nextText()).isEqualTo("42[\"direct\",3,\"" + next(offsetOf(first), 2) + "\"]");

        socket.emit("ack", (error, args) -> {}, 4);
        assertThat(conn.nextText()).isEqualTo("421[\"ack\",4]");
        io.asVolatile().emit("volatile", 5);
        assertThat(conn.nextText()).isEqualTo("42[\"volatile\",5]");
        socket.asVolatile().emit("volatile", 6);
        assertThat(conn.nextText()).isEqualTo("42[\"volatile\",6]");
        io.timeout(Duration.ofSeconds(5)).emit("broadcastAck", (error, answers) -> {}, 7);
        assertThat(conn.nextText()).matches("42\\d+\\[\"broadcastAck\",7\\]");
        io.emit("all", 8);
        assertThat(conn.nextText()).isEqualTo("42[\"all\",8,\"" + next(offsetOf(first), 3) + "\"]");
    }

    private static String next(String offset, int n) {
        return Long.toString(Long.parseLong(offset, 36) + n, 36);
    }

    @Test
    void aDroppedConnectionComesBackWithItsIdRoomsDataAndTheMissedPacketsBeforeTheConnectReply() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(socket -> {
            sockets.record(socket);
            socket.data().putIfAbsent("user", "ann");
        });
        handleJoin();
        FakeEngineSocket conn = open();
        Reply before = connectInRoom(conn);
        Socket old = sockets.next();
        Recorder<String> disconnects = new Recorder<>();
        old.onDisconnect(reason -> disconnects.record(reason.wire()));
        io.to("room").emit("m", 0);
        String offset = offsetOf(conn.nextText());

        conn.closeFromEngine(DisconnectReason.TRANSPORT_CLOSE.wire());
        disconnects.assertNext(DisconnectReason.TRANSPORT_CLOSE.wire());
        io.to("room").emit("m", 1);
        io.to("elsewhere").emit("m", 2);
        io.except("room").emit("m", 3);
        io.emit("m", 4);

        FakeEngineSocket back = open();
        back.receive("40" + auth(before, offset));
        assertThat(back.nextText()).startsWith("42[\"m\",1,");
        assertThat(back.nextText()).startsWith("42[\"m\",4,");
        assertThat(reply(back.nextText())).isEqualTo(before);
        Socket recovered = sockets.next();
        assertThat(recovered.recovered()).isTrue();
        assertThat(recovered.id()).isEqualTo(before.sid());
        assertThat(recovered.rooms()).containsExactlyInAnyOrder(before.sid(), "room");
        assertThat(recovered.data()).containsEntry("user", "ann");
        assertThat(recovered.handshake().auth().toString())
                .as("the pid is kept from the application")
                .isEqualTo("{\"offset\":\"" + offset + "\"}");
        assertThat(io.sockets().sockets()).containsOnlyKeys(before.sid());

        io.to("room").emit("m", 5);
        assertThat(back.nextText()).startsWith("42[\"m\",5,");
    }

    @Test
    void eachReasonOfNodeKeepsTheSessionAndALeaveOnPurposeDoesNot() {
        handleJoin();
        for (DisconnectReason reason : List.of(
                DisconnectReason.TRANSPORT_CLOSE,
                DisconnectReason.TRANSPORT_ERROR,
                DisconnectReason.PING_TIMEOUT,
                DisconnectReason.FORCED_CLOSE)) {
            assertThat(recoversAfter(conn -> conn.closeFromEngine(reason.wire())))
                    .as(reason.wire())
                    .isTrue();
        }
        assertThat(recoversAfter(conn -> conn.receive("41")))
                .as("client namespace disconnect")
                .isFalse();
        assertThat(recoversAfter(conn -> conn.receive("4/garbage")))
                .as("forced server close: a packet for a namespace it did not join")
                .isTrue();
    }

    /** Connects, receives one broadcast, is cut by {@code cut}, reconnects: whether it was recovered. */
    private boolean recoversAfter(java.util.function.Consumer<FakeEngineSocket> cut) {
        Dropped dropped = cutAfterOneBroadcast(0, cut);
        FakeEngineSocket back = open();
        back.receive("40" + auth(dropped.reply(), dropped.offset()));
        Reply after = reply(back.nextText());
        back.closeFromEngine(DisconnectReason.TRANSPORT_CLOSE.wire());
        return after.equals(dropped.reply());
    }

    @Test
    void aServerNamespaceDisconnectKeepsNoSession() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        handleJoin();
        FakeEngineSocket conn = open();
        Reply before = connectInRoom(conn);
        io.to("room").emit("m", 0);
        String offset = offsetOf(conn.nextText());
        sockets.next().disconnect();
        assertThat(conn.nextText()).isEqualTo("41");
        dev.sockeye.testing.Await.until(
                "socket gone",
                Duration.ofSeconds(5),
                () -> io.sockets().sockets().isEmpty());
        FakeEngineSocket back = open();
        back.receive("40" + auth(before, offset));
        assertThat(reply(back.nextText()).sid()).isNotEqualTo(before.sid());
    }

    @Test
    void aSessionIsRestoredOnceAndAnExpiredUnknownOrMalformedOneGivesANewSession() {
        handleJoin();
        Dropped dropped = droppedAfterOneBroadcast(DisconnectReason.TRANSPORT_CLOSE.wire());
        Reply before = dropped.reply();
        String offset = dropped.offset();
        awaitSessionKept(before, offset);

        FakeEngineSocket thief = open();
        thief.receive("40" + auth(before, offset));
        Reply stolen = reply(thief.nextText());
        assertThat(stolen.sid())
                .as("the session was spent by the first restore")
                .isNotEqualTo(before.sid());
        assertThat(stolen.pid()).isNotEqualTo(before.pid());

        for (String authObject : List.of(
                "{\"pid\":\"unknown\",\"offset\":\"" + offset + "\"}",
                "{\"pid\":\"" + before.pid() + "\",\"offset\":7}",
                "{\"pid\":null}",
                "{}")) {
            FakeEngineSocket other = open();
            other.receive("40" + authObject);
            assertThat(other.nextText()).as(authObject).matches(RECOVERABLE_REPLY.pattern());
        }
    }

    /** Reconnects once with the session, checks it was recovered, then drops that connection again. */
    private void awaitSessionKept(Reply before, String offset) {
        dev.sockeye.testing.Await.until(
                "socket gone",
                Duration.ofSeconds(5),
                () -> !io.sockets().sockets().containsKey(before.sid()));
        FakeEngineSocket back = open();
        back.receive("40" + auth(before, offset));
        assertThat(reply(back.nextText())).isEqualTo(before);
    }

    @Test
    void afterMaxDisconnectionDurationTheClientGetsANewSession() {
        handleJoin();
        Dropped dropped = droppedAfterOneBroadcast(DisconnectReason.TRANSPORT_CLOSE.wire());
        MILLIS.addAndGet(MAX_DISCONNECTION.toMillis() + 1);

        FakeEngineSocket back = open();
        back.receive("40" + auth(dropped.reply(), dropped.offset()));
        assertThat(reply(back.nextText()).sid()).isNotEqualTo(dropped.reply().sid());
    }

    @Test
    void theMiddlewaresAreSkippedForARecoveredSocketByDefault() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.use((socket, next) -> {
            seen.add(socket.id());
            next.proceed();
        });
        handleJoin();
        Dropped dropped = droppedAfterOneBroadcast(DisconnectReason.TRANSPORT_CLOSE.wire());
        awaitSessionKept(dropped.reply(), dropped.offset());
        assertThat(seen).containsExactly(dropped.reply().sid());
    }

    @Test
    void thePidNeverAppearsInTheLogsNorInTheSocketsString() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        handleJoin();
        try (LogCapture logs = new LogCapture()) {
            FakeEngineSocket conn = open();
            Reply before = connectInRoom(conn);
            Socket socket = sockets.next();
            socket.on("boom", (args, ack) -> {
                throw new IllegalStateException("handler failure, logged with the socket");
            });
            conn.receive("42[\"boom\"]");
            io.to("room").emit("m", 0);
            String offset = offsetOf(conn.nextText());
            conn.closeFromEngine(DisconnectReason.TRANSPORT_CLOSE.wire());
            awaitSessionKept(before, offset);
            dev.sockeye.testing.Await.until(
                    "the handler failure is logged",
                    Duration.ofSeconds(5),
                    () -> logs.lines().stream().anyMatch(l -> l.contains("handler failure")));
            assertThat(String.join("\n", logs.lines())).contains(before.sid()).doesNotContain(before.pid());
            assertThat(socket.toString()).doesNotContain(before.pid());
        }
    }

    @Test
    void broadcastsDuringTheRestoreAreNeitherLostNorDoubled() throws Exception {
        handleJoin();
        Dropped dropped = droppedAfterOneBroadcast(DisconnectReason.TRANSPORT_CLOSE.wire());
        Reply before = dropped.reply();
        String offset = dropped.offset();

        int total = 2_000;
        Thread broadcaster = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                io.to("room").emit("m", i);
            }
            io.to("room").emit("end");
        });
        broadcaster.start();
        FakeEngineSocket back = open();
        back.receive("40" + auth(before, offset));
        List<Integer> received = new ArrayList<>();
        boolean replied = false;
        while (true) {
            String text = back.nextText();
            if (text.startsWith("40")) {
                assertThat(reply(text)).isEqualTo(before);
                replied = true;
            } else if (text.startsWith("42[\"end\"")) {
                break;
            } else {
                received.add(Integer.parseInt(text.substring("42[\"m\",".length(), text.indexOf(",\"", 6))));
            }
        }
        broadcaster.join();
        assertThat(replied).isTrue();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(i);
        }
        assertThat(received).isEqualTo(expected);
    }
}
