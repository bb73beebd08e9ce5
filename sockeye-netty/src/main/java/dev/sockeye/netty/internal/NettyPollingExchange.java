package dev.sockeye.netty.internal;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.spi.FrontExchange;
import dev.sockeye.engine.spi.PollingExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.TimeUnit;

/**
 * A polling exchange over one Netty HTTP request. All state is confined to the channel's event
 * loop; the engine's calls from other threads hop onto it.
 */
public final class NettyPollingExchange extends FrontExchange implements PollingExchange {
    /** How long a connection refused with 413 goes on reading (and dropping) the body, so that the 413 arrives. */
    private static final long LINGER_MILLIS = 1000;

    private final ChannelHandlerContext ctx;
    private final long arrivalNanos;
    private final HttpVersion version;
    private final boolean keepAlive;
    private final long cap;
    private final long closeTimeoutNanos;
    private final Runnable onFinished;

    private ByteBuf body;
    private long size;
    private boolean tooLarge;
    private boolean lastSeen;
    private BodyCallback bodyCallback;
    private long bodyLimit;
    private boolean bodyDelivered;
    private boolean responded;
    private boolean aborted;
    private boolean finished;
    private Runnable abortListener;

    /**
     * @param arrivalNanos when the request arrived, see {@link PollingExchange#arrivalNanos()}
     * @param cap          the most body bytes accumulated (the engine's {@code maxHttpBufferSize})
     * @param closeTimeoutNanos how long a response that closes the connection may take to be written
     * @param onFinished   run on the event loop once the request is fully read and answered
     */
    public NettyPollingExchange(
            ChannelHandlerContext ctx,
            HttpRequest httpRequest,
            EngineRequest request,
            long arrivalNanos,
            long cap,
            long closeTimeoutNanos,
            Runnable onFinished) {
        super(request, ctx.channel().eventLoop());
        this.ctx = ctx;
        this.arrivalNanos = arrivalNanos;
        this.version = httpRequest.protocolVersion();
        this.keepAlive = HttpUtil.isKeepAlive(httpRequest);
        this.cap = cap;
        this.closeTimeoutNanos = closeTimeoutNanos;
        this.onFinished = onFinished;
        if (HttpUtil.getContentLength(httpRequest, -1L) > cap) {
            tooLarge = true; // refuse before reading a byte of it
        }
    }

    @Override
    public long arrivalNanos() {
        return arrivalNanos;
    }

    /** Whether the whole request has been read. */
    public boolean lastSeen() {
        return lastSeen;
    }

    /** Takes a piece of the body (the caller releases it). */
    public void append(HttpContent content) {
        if (!tooLarge) {
            ByteBuf data = content.content();
            int n = data.readableBytes();
            if (size + n > cap) {
                tooLarge = true;
                releaseBody();
                deliverBody(); // refused now, not once an endless body ends
            } else if (n > 0) {
                if (body == null) {
                    body = ctx.alloc().heapBuffer((int) Math.min(Math.max(n, 256), cap));
                }
                body.writeBytes(data);
                size += n;
            }
        }
        if (content instanceof LastHttpContent) {
            lastSeen = true;
            deliverBody();
            finishIfDone();
        }
    }

    @Override
    public void readBody(long maxBytes, BodyCallback callback) {
        inLoop(() -> {
            if (bodyCallback != null || aborted) {
                return;
            }
            bodyCallback = callback;
            bodyLimit = maxBytes;
            deliverBody();
        });
    }

    private void deliverBody() {
        if (bodyCallback == null || bodyDelivered || !(tooLarge || lastSeen)) {
            return;
        }
        bodyDelivered = true;
        if (tooLarge || size > bodyLimit) {
            tooLarge = true;
            releaseBody();
            bodyCallback.onTooLarge();
            return;
        }
        byte[] bytes = body == null ? new byte[0] : ByteBufUtil.getBytes(body);
        releaseBody();
        bodyCallback.onBody(bytes);
    }

    @Override
    public void respond(int status, byte[] content) {
        inLoop(() -> doRespond(status, content));
    }

    private void doRespond(int status, byte[] content) {
        if (responded || aborted) {
            return;
        }
        responded = true;
        FullHttpResponse response = new DefaultFullHttpResponse(
                version, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(content));
        responseHeaders().forEach((name, values) -> response.headers().add(name, values));
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, content.length);
        // a body we stopped reading (413) leaves the connection unusable
        boolean close = !keepAlive || (tooLarge && !lastSeen) || !ctx.channel().isActive();
        if (close
                && tooLarge
                && !lastSeen
                && ctx.channel() instanceof DuplexChannel
                && ctx.channel().isActive()) {
            // Closing with unread body bytes would reset the connection, and a reset can destroy the 413 before
            // the client reads it: end our side only, keep reading (and dropping) for a moment, then close.
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            CloseAfterWrite.then(ctx.writeAndFlush(response), closeTimeoutNanos, f -> {
                if (f.isSuccess() && ctx.channel().isActive()) {
                    ((DuplexChannel) ctx.channel()).shutdownOutput();
                    ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
                } else {
                    ctx.channel().close();
                }
            });
        } else if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            CloseAfterWrite.close(ctx.writeAndFlush(response), closeTimeoutNanos);
        } else {
            if (version.equals(HttpVersion.HTTP_1_0)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(response);
        }
        finishIfDone();
    }

    @Override
    public void onAbort(Runnable listener) {
        inLoop(() -> {
            if (aborted) {
                listener.run();
            } else if (!responded) {
                abortListener = listener;
            }
        });
    }

    /** The connection closed: an unanswered exchange is aborted. Called on the event loop. */
    public void channelClosed() {
        releaseBody();
        if (responded || aborted) {
            return;
        }
        aborted = true;
        Runnable listener = abortListener;
        abortListener = null;
        if (listener != null) {
            listener.run();
        }
    }

    private void finishIfDone() {
        if (responded && lastSeen && !finished) {
            finished = true;
            releaseBody();
            onFinished.run();
        }
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private void inLoop(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
        } else {
            ctx.executor().execute(task);
        }
    }
}
