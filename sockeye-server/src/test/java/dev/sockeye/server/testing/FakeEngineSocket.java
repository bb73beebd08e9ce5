package dev.sockeye.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sockeye.engine.CloseReason;
import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An in-memory {@link EngineSocket} (socketioxide's {@code new_dummy_sock}): a test feeds exact
 * WebSocket text frames in with {@link #receive(String)} ({@code 42["chat","hi"]}: the Engine.IO
 * message type {@code 4} then the Socket.IO packet) and reads what the server sent the same way
 * with {@link #nextText()}; binary attachments are raw bytes both ways. Messages are delivered on
 * the calling thread, as an engine delivers them on its I/O thread.
 */
public final class FakeEngineSocket implements EngineSocket {
    /** How long the read helpers wait for something to arrive. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    private final EngineRequest request;
    private final int protocol;
    private final BlockingQueue<EngineMessage> sent = new LinkedBlockingQueue<>();
    private final List<MessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final List<CloseListener> closeListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile ReadyState state = ReadyState.OPEN;
    private volatile boolean writable = true;
    private volatile String closeReason;

    /** A socket whose first request is a polling handshake from 127.0.0.1 with no extra header. */
    public FakeEngineSocket() {
        this(new EngineRequest(
                "GET",
                "/socket.io/?EIO=4&transport=polling",
                Map.of("host", List.of("localhost")),
                new InetSocketAddress("127.0.0.1", 40000),
                false));
    }

    /** A socket opened by this request, Engine.IO protocol 4. */
    public FakeEngineSocket(EngineRequest request) {
        this(request, 4);
    }

    /** A socket opened by this request, speaking Engine.IO {@code protocol} (3: a Socket.IO v2 client). */
    public FakeEngineSocket(EngineRequest request, int protocol) {
        this.request = request;
        this.protocol = protocol;
    }

    /** A Socket.IO v2 client's connection (Engine.IO 3) opened by a polling handshake with {@code query} (may be empty). */
    public static FakeEngineSocket v2Client(String query) {
        return new FakeEngineSocket(
                new EngineRequest(
                        "GET",
                        "/socket.io/?EIO=3&transport=polling" + query,
                        Map.of("host", List.of("localhost")),
                        new InetSocketAddress("127.0.0.1", 40000),
                        false),
                3);
    }

    // ---- test side

    /** The client sends a text frame: {@code 4} (Engine.IO message) followed by a Socket.IO packet. */
    public FakeEngineSocket receive(String frame) {
        assertThat(frame).as("an Engine.IO message frame starts with 4").startsWith("4");
        String text = frame.substring(1);
        for (MessageListener listener : messageListeners) {
            listener.onText(text);
        }
        return this;
    }

    /** The client sends a binary message (an attachment). */
    public FakeEngineSocket receive(byte[] data) {
        for (MessageListener listener : messageListeners) {
            listener.onBinary(data);
        }
        return this;
    }

    /** The next message the server sent as its text frame ({@code 4…}), which must be text; fails after {@link #WAIT}. */
    public String nextText() {
        EngineMessage message = next();
        assertThat(message.isBinary())
                .as("binary message %s where text was expected", message)
                .isFalse();
        return "4" + message.text();
    }

    /** The next message the server sent, which must be binary. */
    public byte[] nextBinary() {
        EngineMessage message = next();
        assertThat(message.isBinary())
                .as("text message %s where binary was expected", message)
                .isTrue();
        return message.binary();
    }

    /** The next message, text or binary. */
    public EngineMessage next() {
        try {
            EngineMessage message = sent.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                fail("nothing sent within " + WAIT
                        + (state == ReadyState.CLOSED ? " (closed: " + closeReason + ")" : ""));
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Takes every message sent so far, without waiting. */
    public java.util.List<EngineMessage> drainSent() {
        java.util.List<EngineMessage> all = new java.util.ArrayList<>();
        sent.drainTo(all);
        return all;
    }

    /** Asserts that the server sends nothing within {@code quiet}. */
    public void assertNothingSent(Duration quiet) {
        try {
            EngineMessage message = sent.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("unexpected message").isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until the server closed the connection (fails after {@link #WAIT}). */
    public FakeEngineSocket awaitClosed() {
        try {
            assertThat(closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("connection closed")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    /** Whether the connection is closed. */
    public boolean isClosed() {
        return state == ReadyState.CLOSED;
    }

    /** The transport goes away on the client's side (or the engine closes it) with this reason. */
    public void closeFromEngine(String reason) {
        if (state == ReadyState.CLOSED) {
            return;
        }
        state = ReadyState.CLOSED;
        closeReason = reason;
        for (CloseListener listener : closeListeners) {
            listener.onClose(CloseReason.fromWire(reason), null);
        }
        closed.countDown();
    }

    /** Makes {@link #isWritable()} answer this (volatile packets are dropped when false). */
    public void setWritable(boolean value) {
        writable = value;
    }

    // ---- EngineSocket

    @Override
    public String id() {
        return id;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public String transport() {
        return "websocket";
    }

    @Override
    public EngineRequest request() {
        return request;
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
        sent.add(message);
        return true;
    }

    @Override
    public boolean isWritable() {
        return writable && state == ReadyState.OPEN;
    }

    @Override
    public void close() {
        closeFromEngine(CloseReason.FORCED_CLOSE.wire());
    }

    @Override
    public void onMessage(MessageListener listener) {
        messageListeners.add(listener);
    }

    @Override
    public void onClose(CloseListener listener) {
        closeListeners.add(listener);
    }

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
