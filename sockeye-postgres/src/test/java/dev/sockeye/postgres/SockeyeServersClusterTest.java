package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three real Sockeye servers (Netty front) clustered through PostgreSQL, with a real Java
 * socket.io-client 2.x connected to each: fetchSockets and serverSideEmitWithAck across servers,
 * socketsJoin/socketsLeave, disconnectSockets, broadcasts with ack (and their timeout), local and
 * except, plain, binary and above-threshold broadcasts, and 50 broadcasts that every client
 * receives in order.
 */
class SockeyeServersClusterTest {

    private final String prefix = TestDatabase.uniqueName();
    private final String table = "att_" + prefix;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();

    /** One server: the adapter factory, the Socket.IO server and its HTTP front. */
    private record Node(String name, PostgresAdapterFactory adapters, SocketIoServer io, NettyServer http) {}

    @BeforeEach
    void startThreeServers() {
        PostgresAdapterOptions options = PostgresAdapterOptions.builder()
                .channelPrefix(prefix)
                .tableName(table)
                .build();
        for (String name : List.of("a", "b", "c")) {
            PostgresAdapterFactory adapters =
                    PostgresAdapter.factory(TestDatabase.dataSource(prefix + "-" + name), options);
            SocketIoServer io = SocketIoServer.builder().adapter(adapters).build();
            io.onConnection(socket -> socket.join("room1"));
            io.on("ping", (args, ack) -> ack.send("pong-" + name));
            NettyServer http = NettyServer.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .engine(io.engine())
                    .build()
                    .start();
            nodes.add(new Node(name, adapters, io, http));
        }
        Await.until(
                "3 servers",
                Duration.ofSeconds(15),
                () -> nodes.stream()
                        .allMatch(n -> n.io().sockets().adapter().serverCount().join() == 3));
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(Socket::close);
        for (Node node : nodes) {
            node.http().close();
            node.io().close();
            node.adapters().close();
        }
        TestDatabase.execute("DROP TABLE IF EXISTS " + table);
    }

    /** A connected client: what it received (event name first, acks left out) and its socket. */
    private record Client(Socket socket, String id, BlockingQueue<Object[]> received) {}

    private BlockingQueue<Object[]> connect(Node node, String... events) throws Exception {
        return client(node, null, events).received();
    }

    /**
     * Connects a client recording {@code events}; when asked for an ack it answers
     * {@code ackAnswer}, or never when that is null.
     */
    private Client client(Node node, String ackAnswer, String... events) throws Exception {
        BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
        BlockingQueue<String> connected = new LinkedBlockingQueue<>();
        IO.Options opts = IO.Options.builder()
                .setTransports(new String[] {"websocket"})
                .setReconnection(false)
                .build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + node.http().port()), opts);
        for (String event : events) {
            socket.on(event, args -> {
                boolean ackAsked = args.length > 0 && args[args.length - 1] instanceof Ack;
                int n = ackAsked ? args.length - 1 : args.length;
                Object[] withName = new Object[n + 1];
                withName[0] = event;
                System.arraycopy(args, 0, withName, 1, n);
                received.add(withName);
                if (ackAsked && ackAnswer != null) {
                    ((Ack) args[args.length - 1]).call(ackAnswer);
                }
            });
        }
        socket.on(Socket.EVENT_CONNECT, args -> connected.add("ok"));
        socket.connect();
        clients.add(socket);
        assertThat(connected.poll(10, TimeUnit.SECONDS)).isEqualTo("ok");
        return new Client(socket, socket.id(), received);
    }

    @Test
    void fetchSocketsAndServerSideEmitWithAckSpanTheServers() throws Exception {
        for (Node node : nodes) {
            connect(node);
        }
        SocketIoServer a = nodes.get(0).io();

        Await.until(
                "3 sockets",
                Duration.ofSeconds(10),
                () -> a.fetchSockets().join().size() == 3);
        List<RemoteSocket> sockets = a.fetchSockets().get(10, TimeUnit.SECONDS);
        assertThat(sockets).allSatisfy(s -> assertThat(s.rooms()).contains("room1"));
        assertThat(a.serverSideEmitWithAck("ping", String.class).get(10, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("pong-b", "pong-c");
    }

    /** The next event from a client's queue: its name and arguments, byte arrays as lists of unsigned bytes. */
    private static String next(BlockingQueue<Object[]> received) throws InterruptedException {
        Object[] event = received.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        StringBuilder text = new StringBuilder(String.valueOf(event[0]));
        for (int i = 1; i < event.length; i++) {
            text.append(' ');
            if (event[i] instanceof byte[]) {
                List<Integer> bytes = new ArrayList<>();
                for (byte b : (byte[]) event[i]) {
                    bytes.add(b & 0xff);
                }
                text.append("bin").append(bytes);
            } else {
                text.append(event[i]);
            }
        }
        return text.toString();
    }

    @Test
    void plainAndBinaryBroadcastsReachTheClientsOfEveryServer() throws Exception {
        List<BlockingQueue<Object[]>> received = new ArrayList<>();
        for (Node node : nodes) {
            received.add(connect(node, "plain", "bin"));
        }

        nodes.get(0).io().emit("plain", "hello", 42);
        nodes.get(1).io().to("room1").emit("bin", new byte[] {1, 2, (byte) 255}, "tail");

        for (BlockingQueue<Object[]> client : received) {
            // from two servers: the local one may come first
            assertThat(List.of(next(client), next(client)))
                    .containsExactlyInAnyOrder("plain hello 42", "bin bin[1, 2, 255] tail");
        }
    }

    @Test
    void fiftyBroadcastsArriveInOrderOnEveryServer() throws Exception {
        List<BlockingQueue<Object[]>> received = new ArrayList<>();
        for (Node node : nodes) {
            received.add(connect(node, "seq"));
        }

        SocketIoServer c = nodes.get(2).io();
        for (int i = 0; i < 50; i++) {
            if (i % 10 == 9) {
                c.emit("seq", i, new byte[] {(byte) i}); // binary ones in between, same order
            } else {
                c.emit("seq", i);
            }
        }

        for (BlockingQueue<Object[]> client : received) {
            for (int i = 0; i < 50; i++) {
                assertThat(next(client)).isEqualTo(i % 10 == 9 ? "seq " + i + " bin[" + i + "]" : "seq " + i);
            }
        }
    }

    @Test
    void socketsJoinAndLeaveApplyToTheClientsOfEveryServer() throws Exception {
        Client ca = client(nodes.get(0), null, "vip", "end");
        Client cb = client(nodes.get(1), null, "vip", "end");
        Client cc = client(nodes.get(2), null, "vip", "end");
        SocketIoServer a = nodes.get(0).io();

        a.in(List.of(cb.id(), cc.id())).socketsJoin("vip");
        // published after the join by the same server, so applied after it everywhere
        a.to("vip").emit("vip", 1);
        a.emit("end", 1);

        assertThat(next(ca.received())).isEqualTo("end 1");
        for (Client client : List.of(cb, cc)) {
            assertThat(List.of(next(client.received()), next(client.received())))
                    .containsExactly("vip 1", "end 1");
        }
        assertThat(nodes.get(2).io().in("vip").fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(RemoteSocket::id)
                .containsExactlyInAnyOrder(cb.id(), cc.id());

        a.in(cb.id()).socketsLeave("vip");
        a.to("vip").emit("vip", 2);
        a.emit("end", 2);

        assertThat(next(ca.received())).isEqualTo("end 2");
        assertThat(next(cb.received())).isEqualTo("end 2");
        assertThat(List.of(next(cc.received()), next(cc.received()))).containsExactly("vip 2", "end 2");
    }

    @Test
    void disconnectSocketsClosesTheMatchingClientsOfEveryServer() throws Exception {
        Client ca = client(nodes.get(0), null, "after", "disconnect");
        Client cb = client(nodes.get(1), null, "after", "disconnect");
        Client cc = client(nodes.get(2), null, "after", "disconnect");
        Client cc2 = client(nodes.get(2), null, "after", "disconnect");
        SocketIoServer a = nodes.get(0).io();

        a.in(List.of(cb.id(), cc.id())).disconnectSockets(true);
        a.emit("after");

        assertThat(next(cb.received())).isEqualTo("disconnect io server disconnect");
        assertThat(next(cc.received())).isEqualTo("disconnect io server disconnect");
        assertThat(next(ca.received())).isEqualTo("after");
        assertThat(next(cc2.received())).isEqualTo("after");
        assertThat(a.fetchSockets().get(10, TimeUnit.SECONDS))
                .extracting(RemoteSocket::id)
                .containsExactlyInAnyOrder(ca.id(), cc2.id());
        assertThat(cb.received()).isEmpty();
        assertThat(cc.received()).isEmpty();
    }

    /** The outcome of a broadcast with ack: the error (null if none) and the answers as strings. */
    private record Acks(Throwable error, List<String> responses) {}

    private static Acks emitWithAck(BroadcastOperator to, Object... args) throws Exception {
        CompletableFuture<Acks> done = new CompletableFuture<>();
        to.emit(
                "ackme",
                (error, responses) -> done.complete(new Acks(
                        error, responses.stream().map(JsonNode::asString).toList())),
                args);
        return done.get(15, TimeUnit.SECONDS);
    }

    @Test
    void broadcastWithAckCollectsTheAnswersOfEveryServerAndTimesOutOnASilentClient() throws Exception {
        Client ca = client(nodes.get(0), "from-a", "ackme");
        Client cb = client(nodes.get(1), "from-b", "ackme");
        Client cc = client(nodes.get(2), "from-c", "ackme");
        Client silent = client(nodes.get(2), null, "ackme");
        SocketIoServer a = nodes.get(0).io();

        Acks answered = emitWithAck(a.except(silent.id()).timeout(Duration.ofSeconds(10)), 1);

        assertThat(answered.error()).isNull();
        assertThat(answered.responses()).containsExactlyInAnyOrder("from-a", "from-b", "from-c");
        for (Client client : List.of(ca, cb, cc)) {
            assertThat(next(client.received())).isEqualTo("ackme 1");
        }
        assertThat(silent.received()).isEmpty();

        Acks timedOut = emitWithAck(a.timeout(Duration.ofSeconds(2)), 2);

        assertThat(timedOut.error()).isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        assertThat(((AckTimeoutException) timedOut.error()).responses())
                .extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("from-a", "from-b", "from-c");
        assertThat(timedOut.responses()).containsExactlyInAnyOrder("from-a", "from-b", "from-c");
        for (Client client : List.of(ca, cb, cc, silent)) {
            assertThat(next(client.received())).isEqualTo("ackme 2");
        }
    }

    @Test
    void localAndExceptBroadcastsReachOnlyTheirClients() throws Exception {
        Client ca = client(nodes.get(0), null, "news");
        Client cb = client(nodes.get(1), null, "news");
        Client cc = client(nodes.get(2), null, "news");
        SocketIoServer a = nodes.get(0).io();
        SocketIoServer b = nodes.get(1).io();

        b.local().emit("news", "local");
        b.emit("news", "everyone");

        assertThat(next(cb.received())).isEqualTo("news local");
        for (Client client : List.of(ca, cb, cc)) {
            assertThat(next(client.received())).isEqualTo("news everyone");
        }

        a.in(cc.id()).socketsJoin("muted");
        a.to("room1").except("muted").emit("news", "not-muted");
        a.except(ca.id()).emit("news", "not-a");
        a.emit("news", "end");

        assertThat(List.of(next(ca.received()), next(ca.received()))).containsExactly("news not-muted", "news end");
        assertThat(List.of(next(cb.received()), next(cb.received()), next(cb.received())))
                .containsExactly("news not-muted", "news not-a", "news end");
        assertThat(List.of(next(cc.received()), next(cc.received()))).containsExactly("news not-a", "news end");
    }

    @Test
    void payloadsAboveTheThresholdAndLargeBinariesReachTheClientsOfEveryServer() throws Exception {
        List<Client> all = new ArrayList<>();
        for (Node node : nodes) {
            all.add(client(node, null, "big", "bigbin"));
        }
        String big = "x".repeat(9000);
        byte[] bytes = new byte[10_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        SocketIoServer c = nodes.get(2).io();

        c.emit("big", big);
        c.emit("bigbin", bytes, "tail");

        for (Client client : all) {
            assertThat(next(client.received())).isEqualTo("big " + big);
            Object[] event = client.received().poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event[0]).isEqualTo("bigbin");
            assertThat((byte[]) event[1]).isEqualTo(bytes);
            assertThat(event[2]).isEqualTo("tail");
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM " + table))
                .as("attachments")
                .isEqualTo(2);
    }
}
