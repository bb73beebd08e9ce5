package dev.sockeye.netty.internal;

import dev.sockeye.engine.spi.HandOffBatch;
import dev.sockeye.engine.spi.OutboundFrame;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's end of an open WebSocket: reassembles fragmented messages under a byte cap and a
 * fragment-count cap, answers pings, and implements {@link WebSocketConnection} for the engine's
 * writes (flushes coalesced to one per event-loop turn; frames from other threads queued in an outbox drained by
 * one task, and counted in {@link #isWritable()}; inside a {@link HandOffBatch}, that task is one per event loop for
 * every connection the batch wrote to).
 */
public final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter implements WebSocketConnection {
    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);
    /** The most fragments one message may have; floods of tiny fragments are refused (ws CVE-2026-48779). */
    public static final int MAX_FRAGMENTS = 1024;

    private static final int MAX_EARLY_FRAMES = 64;
    /** How long a server-initiated close waits for the client's close frame before closing TCP. */
    static final long CLOSE_GRACE_MILLIS = 1000;

    private static final AtomicIntegerFieldUpdater<WebSocketFrameHandler> FLUSH_PENDING =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketFrameHandler.class, "flushPending");

    private final WebSocketHandler handler;
    private final long maxMessage;
    /** Whether permessage-deflate was negotiated: only then may a frame need the extension's encoder. */
    private final boolean deflate;
    /** How long a close may wait for the frames in front of its close frame to go out before TCP is closed anyway. */
    private final long closeTimeoutNanos;

    private static final int CLOSE_OPCODE = 0x8;
    private static final int PONG_OPCODE = 0xA;
    private ChannelHandlerContext ctx;
    private static final AtomicIntegerFieldUpdater<WebSocketFrameHandler> DRAIN_PENDING =
            AtomicIntegerFieldUpdater.newUpdater(WebSocketFrameHandler.class, "drainPending");
    private static final AtomicLongFieldUpdater<WebSocketFrameHandler> OUTBOX_BYTES =
            AtomicLongFieldUpdater.newUpdater(WebSocketFrameHandler.class, "outboxBytes");
    private volatile int flushPending;
    private volatile boolean closing;
    /**
     * Frames sent from other threads (handlers, broadcasts), in send order, waiting for one drain task on the event
     * loop: one task per burst instead of one per frame, and {@link #isWritable()} counts their bytes, which a task
     * queue would hide from the channel's writability.
     */
    private final Outbox outbox = new Outbox();

    private volatile int drainPending;
    private volatile long outboxBytes;

    // event-loop confined
    private boolean open;
    private boolean reported;
    private ArrayDeque<WebSocketFrame> early;
    private ByteBuf fragments;
    private boolean fragmentsText;
    private int fragmentCount;

    public WebSocketFrameHandler(WebSocketHandler handler, long maxMessage, boolean deflate, long closeTimeoutNanos) {
        this.handler = handler;
        this.maxMessage = maxMessage;
        this.deflate = deflate;
        this.closeTimeoutNanos = closeTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The handshake response went out: the engine may write, and frames flow to it. On the event loop. */
    public void open() {
        open = true;
        handler.onOpen(this);
        ArrayDeque<WebSocketFrame> queued = early;
        early = null;
        if (queued != null) {
            WebSocketFrame frame;
            while ((frame = queued.poll()) != null) {
                if (reported) {
                    frame.release();
                } else {
                    onFrame(frame);
                }
            }
        }
    }

    /** The handshake failed: the engine hears about it once. */
    public void failed(Throwable cause) {
        report(cause);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpContent) {
            // the end of the upgrade request, decoded with it before the HTTP handlers were removed
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof WebSocketFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        WebSocketFrame frame = (WebSocketFrame) msg;
        batchThisPass(ctx);
        if (!open) {
            // a client may write right after reading the 101, before our write listener ran
            if (early == null) {
                early = new ArrayDeque<>(4);
            }
            if (early.size() >= MAX_EARLY_FRAMES) {
                frame.release();
                ctx.close();
                return;
            }
            early.add(frame);
            return;
        }
        onFrame(frame);
    }

    /**
     * Makes what the frames of this event-loop pass hand to other threads (the handlers of the sockets they reach)
     * one hand-off per thread for the whole pass, over every connection the loop reads in it: a {@link HandOffBatch}
     * from the first frame to the end of the pass. Only on Netty's own event loops, which run tasks after each pass.
     */
    private static void batchThisPass(ChannelHandlerContext ctx) {
        if (ctx.channel().eventLoop() instanceof SingleThreadEventLoop loop) {
            HandOffBatch batch = HandOffBatch.begin();
            if (batch != null) {
                loop.executeAfterEventLoopIteration(batch::end);
            }
        }
    }

    private void onFrame(WebSocketFrame frame) {
        try {
            if (reported) {
                if (closing && frame instanceof CloseWebSocketFrame) {
                    ctx.close(); // the client answered our close: the handshake is complete
                }
                return;
            }
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                if (fragments != null) {
                    protocolError("new message inside a fragmented one");
                    return;
                }
                if (frame.isFinalFragment()) {
                    deliver(frame instanceof TextWebSocketFrame, frame.content());
                    return;
                }
                fragmentsText = frame instanceof TextWebSocketFrame;
                fragmentCount = 1;
                fragments = ctx.alloc().heapBuffer(Math.max(256, frame.content().readableBytes()));
                fragments.writeBytes(frame.content());
            } else if (frame instanceof ContinuationWebSocketFrame) {
                if (fragments == null) {
                    protocolError("continuation frame without a message");
                    return;
                }
                if (++fragmentCount > MAX_FRAGMENTS
                        || (long) fragments.readableBytes() + frame.content().readableBytes() > maxMessage) {
                    tooBig();
                    return;
                }
                fragments.writeBytes(frame.content());
                if (frame.isFinalFragment()) {
                    ByteBuf whole = fragments;
                    fragments = null;
                    try {
                        deliver(fragmentsText, whole);
                    } finally {
                        whole.release();
                    }
                }
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(wire(new PongWebSocketFrame(frame.content().retain())));
            } else if (frame instanceof CloseWebSocketFrame) {
                CloseWebSocketFrame close = (CloseWebSocketFrame) frame;
                int code = close.statusCode() < 0 ? 1005 : close.statusCode();
                closing = true;
                CloseAfterWrite.close(ctx.writeAndFlush(wire(close.retainedDuplicate())), closeTimeoutNanos);
                reportClose(code);
            }
            // pong frames need nothing
        } finally {
            frame.release();
        }
    }

    private void deliver(boolean text, ByteBuf content) {
        if (text) {
            // Checked here, on the whole message, rather than by Netty's Utf8FrameValidator on each frame: one
            // handler less in every connection's pipeline (about 110 bytes each), the same close (1007).
            if (!ByteBufUtil.isText(content, StandardCharsets.UTF_8)) {
                releaseFragments();
                closeWith(WebSocketCloseStatus.INVALID_PAYLOAD_DATA);
                report(new CorruptedWebSocketFrameException(
                        WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text message is not valid UTF-8"));
                return;
            }
            handler.onText(content.toString(StandardCharsets.UTF_8));
        } else {
            handler.onBinary(ByteBufUtil.getBytes(content));
        }
    }

    private void tooBig() {
        releaseFragments();
        closeWith(WebSocketCloseStatus.MESSAGE_TOO_BIG);
        report(new TooLongFrameException("message over " + maxMessage + " bytes or " + MAX_FRAGMENTS + " fragments"));
    }

    private void protocolError(String why) {
        releaseFragments();
        closeWith(WebSocketCloseStatus.PROTOCOL_ERROR);
        report(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR, why));
    }

    /**
     * Closes on the server's initiative. The TCP connection stays open until the client answers with
     * its close frame, or for {@link #CLOSE_GRACE_MILLIS}: the client may still be sending (the rest
     * of an oversized message), and closing a socket with unread input resets the connection, which
     * can destroy our close frame before the client reads it. A client that does not take the close
     * frame within the close timeout is disconnected then.
     */
    private void closeWith(WebSocketCloseStatus status) {
        closing = true;
        if (ctx.channel().isActive()) {
            CloseAfterWrite.then(
                    ctx.writeAndFlush(wire(new CloseWebSocketFrame(status))), closeTimeoutNanos, written -> {
                        if (written.isSuccess()) {
                            ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                        } else {
                            ctx.close();
                        }
                    });
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        releaseFragments();
        releaseEarly();
        releaseOutbox();
        if (open) {
            reportClose(1006);
        } else {
            report(new ClosedChannelException());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseFragments();
        releaseEarly();
        releaseOutbox();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            log.error("Out of memory while serving the WebSocket {}; closing it", ctx.channel(), cause);
        } else {
            log.debug("WebSocket failed on {}", ctx.channel(), cause);
        }
        if (inflatedTooMuch(cause) && !closing) {
            // a permessage-deflate message inflating beyond maxHttpBufferSize (a deflate bomb), like an oversized one
            releaseFragments();
            closeWith(WebSocketCloseStatus.MESSAGE_TOO_BIG);
            report(cause);
            return;
        }
        if (cause instanceof CorruptedWebSocketFrameException corrupt && !closing) {
            // the decoder found a protocol violation (frame over maxHttpBufferSize: 1009, bad
            // UTF-8: 1007, …) and leaves the close to us; it discards whatever follows
            releaseFragments();
            closeWith(corrupt.closeStatus() == null ? WebSocketCloseStatus.PROTOCOL_ERROR : corrupt.closeStatus());
            report(cause);
            return;
        }
        report(cause);
        closing = true;
        ctx.close();
    }

    private static boolean inflatedTooMuch(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof DecompressionException || t instanceof TooLongFrameException) {
                return true;
            }
        }
        return false;
    }

    private void reportClose(int code) {
        if (!reported) {
            reported = true;
            handler.onClose(code);
        }
    }

    private void report(Throwable cause) {
        if (!reported) {
            reported = true;
            handler.onError(cause);
        }
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    private void releaseEarly() {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
    }

    // ---------------------------------------------------------------- WebSocketConnection

    /**
     * Without permessage-deflate (the upgrade then removes Netty's frame encoder), writes the frame's
     * {@link OutboundFrame#wire() wire form}, built once for every connection it goes to, as Node's
     * {@code wsPreEncodedFrame}: a view of direct memory that a broadcast's members share (one copy of its bytes
     * between them, not one each: a heap buffer is copied into each channel's direct memory on write), or, for a
     * frame under 512 bytes sent to one connection only (an ack), a heap array. With permessage-deflate, a Netty frame
     * of the payload for its encoder.
     */
    @Override
    public void send(OutboundFrame frame, boolean compress) {
        if (!deflate) {
            // One ByteBuf per frame, kept with it; each channel writes a duplicate (its own indexes, the shared count),
            // made when it is written. The kept buffer's own reference is never released: its memory is the frame's,
            // freed with it by the GC.
            write(frame.frontBuffer(ByteBuf.class, Unpooled::wrappedBuffer), true);
            return;
        }
        ByteBuf payload = Unpooled.wrappedBuffer(frame.payload());
        if (frame.kind() == OutboundFrame.Kind.TEXT) {
            write(compress ? new TextWebSocketFrame(payload) : new UncompressedText(payload), false);
        } else {
            write(compress ? new BinaryWebSocketFrame(payload) : new UncompressedBinary(payload), false);
        }
    }

    /**
     * A control frame as it goes to the channel: as is when permessage-deflate is on (the frame encoder stays in
     * the pipeline for the deflate encoder's frames), else framed here, since the upgrade then removes the encoder
     * (every other frame is pre-framed already; one handler less per connection, about 90 bytes).
     */
    private Object wire(WebSocketFrame frame) {
        if (deflate) {
            return frame;
        }
        try {
            int opcode = frame instanceof CloseWebSocketFrame ? CLOSE_OPCODE : PONG_OPCODE; // the only two sent
            return Unpooled.wrappedBuffer(frame(opcode, ByteBufUtil.getBytes(frame.content())));
        } finally {
            frame.release();
        }
    }

    private static byte[] frame(int opcode, byte[] payload) {
        int n = payload.length;
        int header = n < 126 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) (0x80 | opcode); // FIN
        if (n < 126) {
            frame[1] = (byte) n;
        } else if (n <= 0xFFFF) {
            frame[1] = 126;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = 127;
            long len = n;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) (len >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, n);
        return frame;
    }

    /** Marks a frame the sender asked not to compress ({@code compress(false)}); the deflate encoder skips it. */
    interface Uncompressed {}

    private static final class UncompressedText extends TextWebSocketFrame implements Uncompressed {
        UncompressedText(ByteBuf data) {
            super(data);
        }
    }

    private static final class UncompressedBinary extends BinaryWebSocketFrame implements Uncompressed {
        UncompressedBinary(ByteBuf data) {
            super(data);
        }
    }

    /**
     * Writes a frame: a {@link WebSocketFrame}, or a {@link ByteBuf} holding a whole frame ({@link OutboundFrame#wire()}),
     * the connection's own or, when {@code shared}, a buffer other connections write too, of which a retained duplicate
     * is written. From another thread the frame waits in the outbox, which one drain task empties.
     */
    private void write(ReferenceCounted frame, boolean shared) {
        if (ctx.executor().inEventLoop()) {
            drainOutbox(); // frames sent earlier from other threads go first
            writeInLoop(shared ? ((ByteBuf) frame).retainedDuplicate() : frame);
            return;
        }
        OUTBOX_BYTES.addAndGet(this, size(frame));
        if (shared) {
            outbox.addShared((ByteBuf) frame);
        } else {
            outbox.add(frame);
        }
        if (DRAIN_PENDING.compareAndSet(this, 0, 1) && !HandOffBatch.defer(ctx.executor(), this::drainOutbox)) {
            try {
                ctx.executor().execute(this::drainOutbox); // a task per burst, not kept: 16 bytes less per connection
            } catch (RejectedExecutionException e) {
                log.debug("{}: event loop gone, queued frames released", ctx.channel());
                releaseOutbox(); // the event loop is gone: so is the channel
            }
        }
    }

    private static int size(ReferenceCounted frame) {
        return frame instanceof ByteBuf buf
                ? buf.readableBytes()
                : ((ByteBufHolder) frame).content().readableBytes();
    }

    private void writeInLoop(ReferenceCounted frame) {
        if (closing) {
            frame.release();
            return;
        }
        ctx.write(frame, ctx.voidPromise());
        if (FLUSH_PENDING.compareAndSet(this, 0, 1)) {
            // one flush per event-loop turn, after every write queued so far
            ctx.executor().execute(this::flushNow);
        }
    }

    /** Writes what other threads sent, in order, then flushes once. Runs on the event loop. */
    private void drainOutbox() {
        // Cleared first: a frame added after this point is either taken below or schedules another drain.
        drainPending = 0;
        boolean wrote = false;
        ReferenceCounted frame;
        while ((frame = outbox.poll()) != null) {
            OUTBOX_BYTES.addAndGet(this, -size(frame));
            if (closing) {
                frame.release();
            } else {
                ctx.write(frame, ctx.voidPromise());
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void releaseOutbox() {
        ReferenceCounted frame;
        while ((frame = outbox.poll()) != null) {
            OUTBOX_BYTES.addAndGet(this, -size(frame));
            frame.release();
        }
    }

    private void flushNow() {
        flushPending = 0;
        ctx.flush();
    }

    @Override
    public void close() {
        if (ctx.executor().inEventLoop()) {
            closeInLoop();
        } else {
            ctx.executor().execute(this::closeInLoop);
        }
    }

    private void closeInLoop() {
        if (closing) {
            return;
        }
        drainOutbox(); // what was sent before the close goes before the close frame
        closing = true;
        if (ctx.channel().isActive()) {
            // a client that stops reading would keep the connection and every frame queued in front of this one
            CloseAfterWrite.close(ctx.writeAndFlush(wire(new CloseWebSocketFrame())), closeTimeoutNanos);
        }
    }

    /**
     * A task scheduled with no delay from the event loop itself waits for the loop's next poll of its sockets: Netty
     * moves due scheduled tasks to its task queue once per turn, before running them and after the I/O. (Scheduled
     * from another thread it would be run as a plain task, possibly before that poll, hence the hop.)
     */
    @Override
    public void afterPendingInput(Runnable task) {
        try {
            if (ctx.executor().inEventLoop()) {
                ctx.executor().schedule(task, 0, TimeUnit.NANOSECONDS);
            } else {
                ctx.executor().execute(() -> afterPendingInput(task));
            }
        } catch (RejectedExecutionException e) {
            task.run(); // the event loop is gone, and the channel with it: nothing more will be read
        }
    }

    @Override
    public void abort() {
        closing = true; // nothing more is written from now on
        if (ctx.executor().inEventLoop()) {
            abortInLoop();
        } else {
            try {
                ctx.executor().execute(this::abortInLoop);
            } catch (RejectedExecutionException e) {
                releaseOutbox(); // the event loop is gone: so is the channel
            }
        }
    }

    /** Drops the outbox and closes the channel, which releases every frame in its outbound buffer. */
    private void abortInLoop() {
        releaseOutbox();
        ctx.channel().close();
    }

    @Override
    public long queuedBytes() {
        ChannelOutboundBuffer channelBuffer = ctx.channel().unsafe().outboundBuffer();
        return outboxBytes + (channelBuffer == null ? 0 : channelBuffer.totalPendingWriteBytes());
    }

    @Override
    public boolean isWritable() {
        // As Node's ws transport, writable only when nothing sent is still waiting to be written: frames queued
        // from other threads count, and so does the channel's own buffer above its high-water mark.
        return !closing && outboxBytes == 0 && ctx.channel().isWritable();
    }
}
