package dev.sockeye.servlet.internal;

import dev.sockeye.engine.spi.OutboundFrame;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's end of a WebSocket the container opened: puts messages together from the parts the container
 * delivers and hands them whole to the engine, closing with 1009 past {@code maxHttpBufferSize} (the container
 * answers pings),
 * and implements {@link WebSocketConnection} over the asynchronous {@code RemoteEndpoint}.
 *
 * <p>The container takes one asynchronous send at a time, so frames sent meanwhile wait here, in order.
 * The wait is bounded: {@link #isWritable()} turns false once {@value #HIGH_WATER_BYTES} bytes wait (the
 * Netty front's default high-water mark), and a client that lets more than {@value #MAX_QUEUED_FRAMES}
 * frames, or more than {@value #MAX_QUEUED_MESSAGES_OF_MAX_SIZE} times {@code maxHttpBufferSize} bytes, pile
 * up is cut off (close 1013) rather than holding the server's memory.
 */
public final class ServletWebSocketConnection extends Endpoint implements WebSocketConnection {
    private static final Logger log = LoggerFactory.getLogger(ServletWebSocketConnection.class);
    /** Below this many bytes waiting, the connection is writable (Netty's default write-buffer high-water mark). */
    static final int HIGH_WATER_BYTES = 64 * 1024;
    /** The most frames waiting; as many packets as the polling transport buffers. */
    static final int MAX_QUEUED_FRAMES = 10_000;
    /** The most bytes waiting, in messages of the largest size a client may send. */
    static final int MAX_QUEUED_MESSAGES_OF_MAX_SIZE = 16;

    /**
     * How long a task given to {@link #afterPendingInput} waits at most for the next message: the container says
     * nothing of what reached the connection and is still unread, so the next message read stands for it. Short: a
     * client that sends nothing more (the official suite's upgrade, whose poll waits for its noop) waits all of it,
     * and at 250 ms the suite's 300 ms ping came first in 2 of 10 runs.
     */
    static final long PENDING_INPUT_WAIT_MILLIS = 50;

    /** Tomcat's WebSocket implementation, which allocates the message buffers it is given sizes for. */
    private static final String TOMCAT_PACKAGE = "org.apache.tomcat.websocket.";

    private final WebSocketHandler handler;
    private final long maxMessage;
    private final long maxQueuedBytes;

    private final Object lock = new Object();
    // guarded by lock
    private Session session;
    private final ArrayDeque<Frame> queue = new ArrayDeque<>();
    private long pendingBytes;
    private boolean sending;
    private boolean closeAsked;
    private boolean closed;
    private boolean reported;
    private final List<Runnable> afterNextInput = new ArrayList<>();

    // the incoming message being put together (container threads, one part at a time)
    private StringBuilder text;
    private ByteArrayOutputStream binary;
    private long messageBytes;
    private boolean refused;

    /**
     * @param handler    the engine's handler of this connection
     * @param maxMessage the largest message the client may send ({@code maxHttpBufferSize})
     */
    ServletWebSocketConnection(WebSocketHandler handler, long maxMessage) {
        this.handler = handler;
        this.maxMessage = maxMessage;
        this.maxQueuedBytes = Math.max(HIGH_WATER_BYTES, MAX_QUEUED_MESSAGES_OF_MAX_SIZE * maxMessage);
    }

    // ---------------------------------------------------------------- from the container

    @Override
    public void onOpen(Session opened, EndpointConfig config) {
        if (!opened.getClass().getName().startsWith(TOMCAT_PACKAGE)) {
            // Others take these as caps only; Tomcat allocates buffers of these sizes for every connection (about
            // 1.6 MB each at 1 MB), so there its 8 KiB defaults stay: parts of that size are put together below.
            int max = (int) Math.min(maxMessage, Integer.MAX_VALUE);
            opened.setMaxTextMessageBufferSize(max);
            opened.setMaxBinaryMessageBufferSize(max);
        }
        opened.setMaxIdleTimeout(0); // the engine's heartbeat finds dead peers
        opened.addMessageHandler(String.class, (MessageHandler.Partial<String>) this::onTextPart);
        opened.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) this::onBinaryPart);
        synchronized (lock) {
            session = opened;
        }
        handler.onOpen(this);
    }

    // The container delivers one part at a time per connection, in order: the assembly needs no lock.

    private void onTextPart(String part, boolean last) {
        if (refused) {
            return;
        }
        messageBytes += utf8Length(part);
        if (messageBytes > maxMessage) {
            tooBig();
            return;
        }
        if (last && text == null) {
            messageBytes = 0;
            handler.onText(part);
            runAfterNextInput();
            return;
        }
        if (text == null) {
            text = new StringBuilder(part.length() * 2);
        }
        text.append(part);
        if (last) {
            String whole = text.toString();
            text = null;
            messageBytes = 0;
            handler.onText(whole);
            runAfterNextInput();
        }
    }

    private void onBinaryPart(ByteBuffer part, boolean last) {
        if (refused) {
            return;
        }
        messageBytes += part.remaining();
        if (messageBytes > maxMessage) {
            tooBig();
            return;
        }
        if (binary == null) {
            binary = new ByteArrayOutputStream(last ? part.remaining() : Math.max(256, part.remaining() * 2));
        }
        byte[] bytes = new byte[part.remaining()];
        part.get(bytes);
        binary.write(bytes, 0, bytes.length);
        if (last) {
            byte[] whole = binary.toByteArray();
            binary = null;
            messageBytes = 0;
            handler.onBinary(whole);
            runAfterNextInput();
        }
    }

    /** A message over {@code maxHttpBufferSize}: closed with 1009, as the Netty front does, the rest of it ignored. */
    private void tooBig() {
        refused = true;
        text = null;
        binary = null;
        Session s;
        synchronized (lock) {
            s = session;
            closed = true;
            queue.clear();
            pendingBytes = 0;
        }
        report(new IOException("message over " + maxMessage + " bytes"), 0);
        closeSession(s, new CloseReason(CloseReason.CloseCodes.TOO_BIG, ""));
    }

    /** The UTF-8 length of {@code s}: what the message weighs on the wire. */
    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a surrogate pair: 4
        }
        return n;
    }

    @Override
    public void onClose(Session closedSession, CloseReason reason) {
        synchronized (lock) {
            closed = true;
            queue.clear();
            pendingBytes = 0;
        }
        report(null, reason.getCloseCode().getCode());
    }

    @Override
    public void onError(Session failed, Throwable cause) {
        log.debug("WebSocket failed", cause);
        report(cause, 0);
    }

    /** The container could not complete the handshake: the engine hears it, then nothing else. */
    void handshakeFailed(Throwable cause) {
        synchronized (lock) {
            closed = true;
        }
        report(cause, 0);
    }

    /** Tells the engine of the end once: an error when {@code cause} is set, else a close with {@code code}. */
    private void report(Throwable cause, int code) {
        synchronized (lock) {
            if (reported) {
                return;
            }
            reported = true;
        }
        if (cause != null) {
            handler.onError(cause);
        } else {
            handler.onClose(code);
        }
        runAfterNextInput();
    }

    /**
     * Runs {@code task} once the container has handed over the next message (or the end) of this connection, or after
     * {@link #PENDING_INPUT_WAIT_MILLIS} when none comes. A container reads each connection on threads of its own and
     * tells nothing of what has reached a connection and is not read yet: a {@code 5} the client sent just before a
     * poll on another connection is, on a busy machine, still unread when the poll is served. Waiting for the next
     * message lets it take effect first; a client that sends nothing more waits the bound (only a poll sent during an
     * upgrade probe is held so, and the official client sends none).
     */
    @Override
    public void afterPendingInput(Runnable task) {
        synchronized (lock) {
            if (!reported) {
                afterNextInput.add(task);
                CompletableFuture.delayedExecutor(PENDING_INPUT_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                        .execute(() -> {
                            boolean due;
                            synchronized (lock) {
                                due = afterNextInput.remove(task);
                            }
                            if (due) {
                                task.run();
                            }
                        });
                return;
            }
        }
        task.run();
    }

    private void runAfterNextInput() {
        List<Runnable> due;
        synchronized (lock) {
            if (afterNextInput.isEmpty()) {
                return;
            }
            due = new ArrayList<>(afterNextInput);
            afterNextInput.clear();
        }
        due.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------- WebSocketConnection

    @Override
    public void send(OutboundFrame frame, boolean compress) {
        byte[] payload = frame.payload();
        if (frame.kind() == OutboundFrame.Kind.TEXT) {
            enqueue(new String(payload, StandardCharsets.UTF_8), payload.length);
        } else {
            enqueue(ByteBuffer.wrap(payload), payload.length);
        }
    }

    private void enqueue(Object payload, int size) {
        boolean overflow = false;
        synchronized (lock) {
            if (closed || closeAsked) {
                return;
            }
            if (queue.size() >= MAX_QUEUED_FRAMES || pendingBytes + size > maxQueuedBytes) {
                overflow = true;
                closed = true;
                queue.clear();
                pendingBytes = 0;
            } else {
                queue.add(new Frame(payload, size));
                pendingBytes += size;
                if (sending) {
                    return;
                }
                sending = true;
            }
        }
        if (overflow) {
            cutOff();
            return;
        }
        drain();
    }

    /** A frame waiting or being sent: a {@code String} (text) or a {@code ByteBuffer} (binary), and its size in bytes. */
    private record Frame(Object payload, int size) {}

    /**
     * Sends what waits, one frame at a time, until the queue is empty or a send completes later (its
     * handler then goes on). A loop rather than recursion: a container may complete a send inline. The
     * frame being sent stays first in the queue, counted in {@link #pendingBytes}, until it is sent.
     */
    private void drain() {
        for (; ; ) {
            Frame frame;
            Session s;
            synchronized (lock) {
                if (closed) {
                    sending = false;
                    return;
                }
                frame = queue.peek();
                s = session;
                if (frame == null) {
                    sending = false;
                    if (!closeAsked) {
                        return;
                    }
                    closed = true;
                }
            }
            if (frame == null) {
                closeSession(s, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
                return;
            }
            Completion completion = new Completion(frame);
            try {
                if (frame.payload() instanceof String text) {
                    s.getAsyncRemote().sendText(text, completion);
                } else {
                    s.getAsyncRemote().sendBinary((ByteBuffer) frame.payload(), completion);
                }
            } catch (RuntimeException e) {
                failed(e);
                return;
            }
            if (!completion.continueInline()) {
                return;
            }
        }
    }

    /** The end of one send: goes on with the next frame, here or in {@link #drain()}'s loop when it completed inline. */
    private final class Completion implements SendHandler {
        private final Frame frame;
        private boolean done;
        private boolean async;

        Completion(Frame frame) {
            this.frame = frame;
        }

        @Override
        public void onResult(SendResult result) {
            if (!result.isOK()) {
                failed(result.getException());
                return;
            }
            synchronized (lock) {
                if (queue.peek() == frame) {
                    queue.poll();
                    pendingBytes -= frame.size();
                }
            }
            synchronized (this) {
                done = true;
                if (!async) {
                    return; // drain()'s loop goes on
                }
            }
            drain();
        }

        /** Whether the send completed already (the loop goes on); else its handler goes on once it does. */
        synchronized boolean continueInline() {
            async = !done;
            return done;
        }
    }

    private void failed(Throwable cause) {
        synchronized (lock) {
            closed = true;
            sending = false;
            queue.clear();
            pendingBytes = 0;
        }
        report(cause, 0);
    }

    /** The client reads too slowly for what it is sent: cut off (1013, try again later), the engine told at once. */
    private void cutOff() {
        Session s;
        synchronized (lock) {
            s = session;
        }
        report(
                new IOException("WebSocket client too slow: over " + MAX_QUEUED_FRAMES + " frames or " + maxQueuedBytes
                        + " bytes waiting"),
                0);
        closeSession(s, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow"));
    }

    private static void closeSession(Session s, CloseReason reason) {
        if (s == null) {
            return;
        }
        try {
            s.close(reason);
        } catch (IOException | RuntimeException e) {
            log.debug("closing the WebSocket failed", e);
        }
    }

    @Override
    public void close() {
        boolean now;
        synchronized (lock) {
            if (closed || closeAsked) {
                return;
            }
            closeAsked = true; // what was sent before the close goes before the close frame
            now = !sending;
            if (now) {
                closed = true;
            }
        }
        if (now) {
            Session s;
            synchronized (lock) {
                s = session;
            }
            closeSession(s, new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        }
    }

    @Override
    public void abort() {
        Session s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            pendingBytes = 0;
            s = session;
        }
        closeSession(s, new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "outbound buffer full"));
    }

    @Override
    public long queuedBytes() {
        synchronized (lock) {
            return pendingBytes;
        }
    }

    @Override
    public boolean isWritable() {
        synchronized (lock) {
            return !closed && !closeAsked && pendingBytes < HIGH_WATER_BYTES;
        }
    }
}
