package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class MessagingTest extends WireTest {

    record Point(int x, int y) {}

    @Test
    void anEventIsEchoedWithTheIdenticalArguments() {
        io.onConnection(socket -> socket.on(
                "message",
                (args, ack) -> socket.emit("message-back", args.nodes().toArray())));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"message\",1,\"2\",{\"3\":[true]}]");
        assertThat(conn.nextText()).isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
    }

    @Test
    void anAckIsSentWithTheIdenticalArguments() {
        io.onConnection(socket -> socket.on(
                "message-with-ack", (args, ack) -> ack.send(args.nodes().toArray())));
        FakeEngineSocket conn = connected("/");
        conn.receive("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        assertThat(conn.nextText()).isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
    }

    @Test
    void binaryEventsAndAcksKeepTheirAttachmentsInOrder() {
        io.onConnection(socket -> {
            socket.on(
                    "message",
                    (args, ack) -> socket.emit("message-back", args.nodes().toArray()));
            socket.on("message-with-ack", (args, ack) -> ack.send(args.nodes().toArray()));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        conn.receive(new byte[] {1, 2, 3});
        conn.receive(new byte[] {4, 5, 6});
        assertThat(conn.nextText())
                .isEqualTo(
                        "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(conn.nextBinary()).containsExactly(1, 2, 3);
        assertThat(conn.nextBinary()).containsExactly(4, 5, 6);

        conn.receive(
                "452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        conn.receive(new byte[] {1, 2, 3});
        conn.receive(new byte[] {4, 5, 6});
        assertThat(conn.nextText())
                .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(conn.nextBinary()).containsExactly(1, 2, 3);
        assertThat(conn.nextBinary()).containsExactly(4, 5, 6);
    }

    @Test
    void handlersBindTypedArgumentsByArity() {
        Recorder<Object> got = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("none", () -> got.record("none"));
            socket.on("point", Point.class, p -> got.record(p));
            socket.on("two", String.class, Integer.class, (s, n) -> got.record(s + n));
            socket.on("three", Integer.class, Integer.class, Integer.class, (a, b, c) -> got.record(a + b + c));
            socket.on("add", Integer.class, Integer.class, (a, b, ack) -> ack.send(a + b));
            socket.on("bytes", byte[].class, bytes -> got.record(List.of(bytes[0], bytes[1])));
            socket.on("missing", String.class, s -> got.record(String.valueOf(s)));
            socket.on("ackonly", ack -> ack.send("ok"));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"none\",1,2]");
        got.assertNext("none");
        conn.receive("42[\"point\",{\"x\":1,\"y\":2}]");
        got.assertNext(new Point(1, 2));
        conn.receive("42[\"two\",\"a\",1]");
        got.assertNext("a1");
        conn.receive("42[\"three\",1,2,3]");
        got.assertNext(6);
        conn.receive("421[\"add\",2,3]");
        assertThat(conn.nextText()).isEqualTo("431[5]");
        conn.receive("451-[\"bytes\",{\"_placeholder\":true,\"num\":0}]");
        conn.receive(new byte[] {7, 8});
        got.assertNext(List.of((byte) 7, (byte) 8));
        conn.receive("42[\"missing\"]");
        got.assertNext("null");
        conn.receive("422[\"ackonly\"]");
        assertThat(conn.nextText()).isEqualTo("432[\"ok\"]");
    }

    @Test
    void anArgumentThatDoesNotBindSkipsTheHandlerAndTheSocketLivesOn() {
        Recorder<Object> got = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("point", Point.class, got::record);
            socket.on("ping", () -> got.record("ping"));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"point\",\"not a point\"]");
        conn.receive("42[\"ping\"]");
        got.assertNext("ping");
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void emitSendsAnySerialisableArgumentsWithBinaryAsAttachments() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        FakeEngineSocket conn = connected("/");
        Socket socket = sockets.next();
        socket.emit("hello", "world", 1, true, null, Map.of("k", List.of(1, 2)));
        assertThat(conn.nextText()).isEqualTo("42[\"hello\",\"world\",1,true,null,{\"k\":[1,2]}]");
        socket.emit("point", new Point(3, 4));
        assertThat(conn.nextText()).isEqualTo("42[\"point\",{\"x\":3,\"y\":4}]");
        socket.emit("bin", new byte[] {1}, ByteBuffer.wrap(new byte[] {2, 3}));
        assertThat(conn.nextText())
                .isEqualTo("452-[\"bin\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(conn.nextBinary()).containsExactly(1);
        assertThat(conn.nextBinary()).containsExactly(2, 3);
        socket.send("hi");
        assertThat(conn.nextText()).isEqualTo("42[\"message\",\"hi\"]");
        socket.compress(false).emit("c");
        assertThat(conn.nextText()).isEqualTo("42[\"c\"]");
    }

    @Test
    void reservedEventNamesCannotBeEmitted() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        connected("/");
        Socket socket = sockets.next();
        for (String name :
                List.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener")) {
            assertThatThrownBy(() -> socket.emit(name))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reserved");
            assertThatThrownBy(() -> io.emit(name)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> socket.to("room").emit(name)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void volatilePacketsAreDroppedWhenTheConnectionIsNotWritable() {
        Recorder<Socket> sockets = new Recorder<>();
        io.onConnection(sockets::record);
        FakeEngineSocket conn = connected("/");
        Socket socket = sockets.next();
        conn.setWritable(false);
        assertThat(socket.asVolatile().emit("dropped")).isFalse();
        io.asVolatile().emit("dropped too");
        assertThat(socket.emit("kept")).isTrue();
        assertThat(conn.nextText()).isEqualTo("42[\"kept\"]");
        conn.setWritable(true);
        assertThat(socket.asVolatile().emit("sent")).isTrue();
        assertThat(conn.nextText()).isEqualTo("42[\"sent\"]");
    }

    @Test
    void catchAllListenersSeeIncomingAndOutgoingEventsButNotAcks() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> {
            AnyListener second = (event, args) -> seen.record("second " + event);
            socket.onAny((event, args) -> seen.record("in " + event + args));
            socket.prependAny((event, args) -> seen.record("first " + event));
            socket.onAny(second);
            socket.offAny(second);
            socket.onAnyOutgoing((event, args) -> seen.record("out " + event + args));
            socket.on("ask", (args, ack) -> {
                ack.send("answer");
                socket.emit("told", 1);
            });
            seen.record("listeners " + socket.listenersAny().size() + " "
                    + socket.listenersAnyOutgoing().size());
        });
        FakeEngineSocket conn = connected("/");
        seen.assertNext("listeners 2 1");
        conn.receive("421[\"ask\",\"q\"]");
        seen.assertNext("first ask");
        seen.assertNext("in ask[\"q\"]");
        seen.assertNext("out told[1]");
        assertThat(conn.nextText()).isEqualTo("431[\"answer\"]");
        assertThat(conn.nextText()).isEqualTo("42[\"told\",1]");
        seen.assertNone(QUIET);
    }

    @Test
    void outgoingCatchAllListenersCanBePrependedAndRemoved() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> {
            AnyListener removed = (event, args) -> seen.record("removed " + event);
            socket.onAnyOutgoing((event, args) -> seen.record("second " + event + args));
            socket.prependAnyOutgoing((event, args) -> seen.record("first " + event));
            socket.onAnyOutgoing(removed);
            socket.offAnyOutgoing(removed);
            seen.record("listeners " + socket.listenersAnyOutgoing().size());
            socket.emit("one", 1);
            socket.offAnyOutgoing();
            seen.record("listeners " + socket.listenersAnyOutgoing().size());
            socket.emit("two");
        });
        FakeEngineSocket conn = connected("/");
        assertThat(seen.next(4)).containsExactly("listeners 2", "first one", "second one[1]", "listeners 0");
        assertThat(conn.nextText()).isEqualTo("42[\"one\",1]");
        assertThat(conn.nextText()).isEqualTo("42[\"two\"]");
        seen.assertNone(QUIET);
    }

    @Test
    void onceListenersRunOnceAndListenersCanBeRemoved() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> {
            EventHandlers.NoArgs removed = () -> seen.record("removed");
            socket.once("e", () -> seen.record("once"));
            socket.on("e", () -> seen.record("always"));
            socket.on("e", removed);
            socket.off("e", removed);
            socket.on("gone", () -> seen.record("gone"));
            socket.removeAllListeners("gone");
            seen.record(socket.eventNames() + " " + socket.listenerCount("e"));
        });
        FakeEngineSocket conn = connected("/");
        seen.assertNext("[e] 2");
        conn.receive("42[\"e\"]");
        conn.receive("42[\"gone\"]");
        conn.receive("42[\"e\"]");
        assertThat(seen.next(3)).containsExactly("once", "always", "always");
        seen.assertNone(QUIET);
    }

    @Test
    void socketMiddlewareErrorsGoToTheErrorHandlersAndTheEventIsDropped() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> {
            socket.use((event, args, next) -> {
                if (event.equals("forbidden")) {
                    next.fail(new IllegalStateException("unauthorized event"));
                } else {
                    next.proceed();
                }
            });
            socket.use((event, args, next) -> new Thread(next::proceed).start()); // asynchronous
            socket.onError(error -> seen.record("error " + error.getMessage()));
            socket.on("forbidden", () -> seen.record("forbidden ran"));
            socket.on("allowed", () -> seen.record("allowed"));
            socket.on("error", String.class, text -> seen.record("client error event " + text));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"forbidden\"]");
        seen.assertNext("error unauthorized event");
        conn.receive("42[\"allowed\"]");
        seen.assertNext("allowed");
        conn.receive("42[\"error\",\"boom\"]"); // CVE-2024-38355: an ordinary event
        seen.assertNext("client error event boom");
        seen.assertNone(QUIET);
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void theSocketDataMapIsSharedAndMutable() {
        Recorder<Object> seen = new Recorder<>();
        io.use((socket, next) -> {
            socket.data().put("user", "ann");
            next.proceed();
        });
        io.onConnection(
                socket -> socket.on("who", () -> seen.record(socket.data().get("user"))));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"who\"]");
        seen.assertNext("ann");
    }

    @Test
    void argsGiveTreesAndTypedValues() {
        Recorder<Args> seen = new Recorder<>();
        io.onConnection(socket -> socket.on("raw", (args, ack) -> seen.record(args)));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"raw\",{\"x\":1,\"y\":2},[1,2]]");
        Args args = seen.next();
        assertThat(args.size()).isEqualTo(2);
        assertThat(args.get(0, Point.class)).isEqualTo(new Point(1, 2));
        assertThat(args.get(1, new tools.jackson.core.type.TypeReference<List<Integer>>() {}))
                .containsExactly(1, 2);
        assertThat(args.node(5).isMissingNode()).isTrue();
        assertThat(args.get(5, JsonNode.class)).isNull();
    }
}
