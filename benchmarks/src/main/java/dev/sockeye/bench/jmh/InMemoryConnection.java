package dev.sockeye.bench.jmh;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.SocketIoServer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An Engine.IO connection without a transport, handed to {@link SocketIoServer#accept}: the
 * benchmark plays the client by feeding Socket.IO packets in with {@link #receive}, and what the
 * server sends is counted and dropped, so a benchmark measures the server, not I/O. Only the last
 * message is kept, for the ack benchmarks to read the ack id. Single-threaded, like the engine's
 * delivery of one connection's messages.
 */
final class InMemoryConnection implements EngineSocket {
    private static final EngineRequest REQUEST = new EngineRequest(
            "GET",
            "/socket.io/?EIO=4&transport=websocket",
            Map.of("host", List.of("localhost")),
            new InetSocketAddress("127.0.0.1", 40000),
            false);
    private static int opened;

    private final String id = String.format("bench%015d", ++opened);
    private final List<MessageListener> messageListeners = new ArrayList<>(1);
    private final List<CloseListener> closeListeners = new ArrayList<>(1);
    private ReadyState state = ReadyState.OPEN;
    private long messagesSent;
    private EngineMessage lastSent;

    /**
     * A new connection accepted by {@code io} and joined to its main namespace: it sends the
     * Socket.IO CONNECT packet and checks the server's CONNECT reply. Needs a server whose handlers
     * run on the calling thread, so that the reply is there when this returns.
     */
    static InMemoryConnection connectedTo(SocketIoServer io) {
        InMemoryConnection conn = new InMemoryConnection();
        io.accept(conn);
        conn.receive("0");
        String reply = conn.lastText();
        if (!reply.startsWith("0{\"sid\":")) {
            throw new IllegalStateException("no CONNECT reply, got " + reply);
        }
        return conn;
    }

    /** The client sends a Socket.IO packet (the text of an Engine.IO message, without its {@code 4}). */
    void receive(String packet) {
        for (MessageListener listener : messageListeners) {
            listener.onText(packet);
        }
    }

    /** How many messages the server sent so far. */
    long messagesSent() {
        return messagesSent;
    }

    /** The text of the last message the server sent. */
    String lastText() {
        if (lastSent == null || lastSent.isBinary()) {
            throw new IllegalStateException("last message is not text: " + lastSent);
        }
        return lastSent.text();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return 4;
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public EngineRequest request() {
        return REQUEST;
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public boolean send(EngineMessage message, boolean compress) {
        if (state != ReadyState.OPEN) {
            return false;
        }
        messagesSent++;
        lastSent = message;
        return true;
    }

    @Override
    public boolean isWritable() {
        return state == ReadyState.OPEN;
    }

    @Override
    public void close() {
        if (state == ReadyState.CLOSED) {
            return;
        }
        state = ReadyState.CLOSED;
        for (CloseListener listener : closeListeners) {
            listener.onClose(CloseReason.FORCED_CLOSE, null);
        }
    }

    @Override
    public void onMessage(MessageListener listener) {
        messageListeners.add(listener);
    }

    @Override
    public void onClose(CloseListener listener) {
        closeListeners.add(listener);
    }

    // The server registers none of these on a plain connection; nothing here ever fires them.

    @Override
    public void onPacket(Consumer<EnginePacket> listener) {}

    @Override
    public void onPacketCreate(Consumer<EnginePacket> listener) {}

    @Override
    public void onDrain(Runnable listener) {}

    @Override
    public void onUpgrading(Consumer<String> listener) {}

    @Override
    public void onUpgrade(Consumer<String> listener) {}

    @Override
    public void onHeartbeat(Runnable listener) {}
}
