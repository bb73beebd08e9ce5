package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Manager;
import io.socket.client.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The official Java client ({@code io.socket:socket.io-client} 2.x) as a test peer: one Engine.IO
 * connection (a {@link Manager}) with sockets on namespaces. Everything a socket receives lands in
 * its queue as a line of text ({@code connect}, {@code connect_error <json>},
 * {@code disconnect <reason>}, {@code <event> <args as JSON>}, byte arrays as {@code {"$bin":[…]}}),
 * which tests take in order with a timeout. Events the server emits with an ack are answered with
 * their own arguments.
 */
final class JavaClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Manager manager;
    private final List<Socket> sockets = new ArrayList<>();

    JavaClient(int port, String transports) {
        this(port, transports, "/socket.io");
    }

    /** A connection to a server whose Socket.IO {@code path} is not the default. */
    JavaClient(int port, String transports, String path) {
        Manager.Options options = new Manager.Options();
        options.path = path;
        options.transports = transports.split(",");
        options.reconnection = false;
        this.manager = new Manager(URI.create("http://127.0.0.1:" + port), options);
    }

    /** One socket of this connection, its received events in a queue. */
    final class Nsp {
        final Socket socket;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Nsp(String nsp, Map<String, String> auth, String... events) {
            Manager.Options options = new Manager.Options();
            options.auth = auth;
            socket = manager.socket(nsp, options);
            socket.on(Socket.EVENT_CONNECT, args -> received.add("connect"));
            socket.on(Socket.EVENT_CONNECT_ERROR, args -> received.add("connect_error " + json(args)));
            socket.on(Socket.EVENT_DISCONNECT, args -> received.add("disconnect " + args[0]));
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

        /** Skips other lines (user counts, presence) until one starting with {@code prefix}, at most 50. */
        String nextStartingWith(String prefix) throws InterruptedException {
            for (int i = 0; i < 50; i++) {
                String line = next();
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new AssertionError("no event starting with " + prefix);
        }

        /** Emits and completes with the ack's arguments as JSON. */
        CompletableFuture<String> emitWithAck(String event, Object... args) {
            CompletableFuture<String> answer = new CompletableFuture<>();
            socket.emit(event, args, response -> answer.complete(json(response)));
            return answer;
        }

        /** Asserts that nothing arrives within a short while. */
        void assertQuiet(Duration quiet) throws InterruptedException {
            assertThat(received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS))
                    .as("unexpected event")
                    .isNull();
        }
    }

    /** Opens a socket on {@code nsp} with {@code auth}, listening to {@code events}. */
    Nsp open(String nsp, Map<String, String> auth, String... events) {
        return new Nsp(nsp, auth, events);
    }

    /** The arguments as a JSON array, byte arrays as {@code {"$bin":[…]}}. */
    static String json(Object... args) {
        return ClientArgs.json(args);
    }

    /** Parses a JSON object (org.json's checked exception made unchecked). */
    static JSONObject object(String json) {
        try {
            return new JSONObject(json);
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JSON object with one property (org.json's checked exception made unchecked). */
    static JSONObject object(String key, Object value) {
        try {
            return new JSONObject().put(key, value);
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes every socket and the connection. */
    @Override
    public void close() {
        sockets.forEach(Socket::close);
    }
}
