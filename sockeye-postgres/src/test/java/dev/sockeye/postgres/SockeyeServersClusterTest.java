package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.netty.NettyServer;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.SocketIoServer;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three real Sockeye servers (Netty front) clustered through PostgreSQL, with a real Java
 * socket.io-client 2.x connected to each: fetchSockets and serverSideEmitWithAck across servers,
 * plain and binary broadcasts, and 50 broadcasts that every client receives in order.
 */
class SockeyeServersClusterTest {

    private final String prefix = TestDatabase.uniqueName();
    private final String table = "att_" + prefix;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();

    /** One server: the adapter factory, the Socket.IO server and its HTTP front. */
    private record Node(String name, PostgresAdapterFactory adapters, SocketIoServer io, NettyServer http) {
    }

    @BeforeEach
    void startThreeServers() {
        PostgresAdapterOptions options = PostgresAdapterOptions.builder().channelPrefix(prefix).tableName(table).build();
        for (String name : List.of("a", "b", "c")) {
            PostgresAdapterFactory adapters = PostgresAdapter.factory(TestDatabase.dataSource(prefix + "-" + name), options);
            SocketIoServer io = SocketIoServer.builder().adapter(adapters).build();
            io.onConnection(socket -> socket.join("room1"));
            io.on("ping", (args, ack) -> ack.send("pong-" + name));
            NettyServer http = NettyServer.builder().host("127.0.0.1").port(0).engine(io.engine()).build().start();
            nodes.add(new Node(name, adapters, io, http));
        }
        Await.until("3 servers", Duration.ofSeconds(15), () -> nodes.stream()
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

    private BlockingQueue<Object[]> connect(Node node, String... events) throws Exception {
        BlockingQueue<Object[]> received = new LinkedBlockingQueue<>();
        BlockingQueue<String> connected = new LinkedBlockingQueue<>();
        IO.Options opts = IO.Options.builder().setTransports(new String[] {"websocket"}).setReconnection(false).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + node.http().port()), opts);
        for (String event : events) {
            socket.on(event, args -> {
                Object[] withName = new Object[args.length + 1];
                withName[0] = event;
                System.arraycopy(args, 0, withName, 1, args.length);
                received.add(withName);
            });
        }
        socket.on(Socket.EVENT_CONNECT, args -> connected.add("ok"));
        socket.connect();
        clients.add(socket);
        assertThat(connected.poll(10, TimeUnit.SECONDS)).isEqualTo("ok");
        return received;
    }

    @Test
    void fetchSocketsAndServerSideEmitWithAckSpanTheServers() throws Exception {
        for (Node node : nodes) {
            connect(node);
        }
        SocketIoServer a = nodes.get(0).io();

        Await.until("3 sockets", Duration.ofSeconds(10), () -> a.fetchSockets().join().size() == 3);
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
}
