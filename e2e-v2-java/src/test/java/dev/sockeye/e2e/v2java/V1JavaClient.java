package dev.sockeye.e2e.v2java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.e2e.ClientArgs;
import io.socket.client.Manager;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Java Socket.IO v2 client ({@code io.socket:socket.io-client} 1.0.2: Socket.IO protocol 4 over Engine.IO 3) as a
 * test peer: one Engine.IO connection (a {@link Manager}) with sockets on namespaces. What a socket receives lands in
 * its queue as a line ({@code connect <id>}, {@code error <json>}, {@code connect_error}, {@code disconnect <reason>},
 * {@code reconnect}, {@code <event> <args as JSON>}, byte arrays as {@code {"$bin":[…]}}), which tests take in order
 * with a timeout. Events the server emits with an ack are answered with their own arguments ({@code … acked}).
 */
final class V1JavaClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Manager manager;
    private final List<Socket> sockets = new ArrayList<>();

    /**
     * @param query       the query of the Engine.IO requests ({@code token=t1}), or null
     * @param reconnect   whether the client reconnects (after 100 to 200 ms) when the connection drops
     */
    V1JavaClient(int port, String transports, String query, boolean reconnect) {
        Manager.Options options = new Manager.Options();
        options.transports = transports.split(",");
        options.query = query;
        options.reconnection = reconnect;
        options.reconnectionDelay = 100;
        options.reconnectionDelayMax = 200;
        manager = new Manager(URI.create("http://127.0.0.1:" + port), options);
    }

    /** One socket of this connection, its received events in a queue. */
    final class Nsp {
        final Socket socket;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Nsp(String nsp, String query, String... events) {
            Manager.Options options = new Manager.Options();
            options.query = query;
            socket = manager.socket(nsp, options);
            socket.on(Socket.EVENT_CONNECT, args -> received.add("connect " + socket.id()));
            socket.on(Socket.EVENT_ERROR, args -> received.add("error " + ClientArgs.json(args)));
            socket.on(Socket.EVENT_CONNECT_ERROR, args -> received.add("connect_error"));
            socket.on(Socket.EVENT_DISCONNECT, args -> received.add("disconnect " + args[0]));
            socket.on(Socket.EVENT_RECONNECT, args -> received.add("reconnect"));
            for (String event : events) {
                socket.on(event, ClientArgs.recorder(event, received));
            }
            sockets.add(socket);
            socket.connect();
        }

        /** The next thing received, failing after {@link #TIMEOUT}. */
        String next() throws InterruptedException {
            return ClientArgs.next(received, TIMEOUT);
        }

        /** Asserts that nothing arrives within {@code quiet}. */
        void assertQuiet(Duration quiet) throws InterruptedException {
            assertThat(received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS))
                    .as("unexpected event")
                    .isNull();
        }

        /** Emits and completes with the ack's arguments as JSON. */
        CompletableFuture<String> emitWithAck(String event, Object... args) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            socket.emit(event, args, response -> answer.complete(ClientArgs.json(response)));
            return answer;
        }
    }

    /** Opens a socket on {@code nsp}, its CONNECT carrying {@code query} (none when null), listening to {@code events}. */
    Nsp open(String nsp, String query, String... events) {
        return new Nsp(nsp, query, events);
    }

    /** Closes every socket and the connection. */
    @Override
    public void close() {
        sockets.forEach(Socket::close);
    }
}
