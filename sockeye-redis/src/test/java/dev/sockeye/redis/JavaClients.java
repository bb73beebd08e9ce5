package dev.sockeye.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The io.socket Java client (2.x) as the Redis adapter's tests use it: WebSocket only, no
 * reconnection, so a lost server shows as a disconnect instead of a silent retry.
 */
public final class JavaClients {

    private JavaClients() {}

    /**
     * A client of the server at {@code 127.0.0.1:port}, not connected yet, so that the caller can
     * register its listeners (and its cleanup) first.
     *
     * @param port the server's port
     * @return the unconnected client
     */
    public static Socket socket(int port) {
        IO.Options options = IO.Options.builder()
                .setTransports(new String[] {"websocket"})
                .setReconnection(false)
                .build();
        return IO.socket(URI.create("http://127.0.0.1:" + port), options);
    }

    /**
     * Connects {@code socket} and fails the test unless it is connected within 10 seconds.
     *
     * @param socket a client from {@link #socket(int)} with its listeners registered
     * @param who how the failure names the client, e.g. {@code "client of server 1"}
     * @throws InterruptedException if interrupted while waiting
     */
    public static void connect(Socket socket, String who) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        socket.on(Socket.EVENT_CONNECT, args -> connected.countDown());
        socket.connect();
        assertThat(connected.await(10, TimeUnit.SECONDS))
                .as("%s connected", who)
                .isTrue();
    }
}
