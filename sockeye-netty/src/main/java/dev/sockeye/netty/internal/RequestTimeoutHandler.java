package dev.sockeye.netty.internal;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP connection whose client takes too long to deliver a request (slowloris): the
 * clock runs whenever the server waits for the client, that is from the connection's start and
 * from the end of each response until the next request has been read completely. While a request
 * is being answered (a long poll waiting for packets) it does not run, unless the client pipelines
 * another request behind it: that one's clock runs from its start, as the server stops reading
 * while it waits. A client caught half-way through a request gets {@code 408} (when no earlier
 * request still waits for its answer); one that sent nothing is just closed. Goes right after the
 * HTTP codec; the WebSocket upgrade removes it (the engine's heartbeat watches WebSockets).
 * Event-loop confined.
 */
public final class RequestTimeoutHandler extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private final long closeTimeoutNanos;
    private int pending; // requests whose head came, not yet answered completely
    private boolean reading; // a request's head came, its end not yet
    private ScheduledFuture<?> timer;

    /**
     * @param timeoutNanos      how long the client has to deliver each request
     * @param closeTimeoutNanos how long the {@code 408} may take to be written before the connection is closed anyway
     */
    public RequestTimeoutHandler(long timeoutNanos, long closeTimeoutNanos) {
        this.timeoutNanos = timeoutNanos;
        this.closeTimeoutNanos = closeTimeoutNanos;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            update(ctx, true);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        update(ctx, true);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            pending++;
            reading = true; // the clock started when the server became ready goes on...
            update(ctx, false); // ...or, behind a request still being answered, starts now
        }
        if (msg instanceof LastHttpContent && reading) {
            reading = false;
            update(ctx, pending == 0); // answered before its end came (e.g. 413): idle from now on
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean interim = msg instanceof HttpResponse
                && ((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL
                && !HttpResponseStatus.SWITCHING_PROTOCOLS.equals(((HttpResponse) msg).status());
        if (msg instanceof LastHttpContent && !interim && pending > 0) {
            pending--;
            update(ctx, pending == 0 && !reading);
        }
        ctx.write(msg, promise);
    }

    /** The clock runs while the server waits for the client: nothing to answer, or a request still coming in. */
    private void update(ChannelHandlerContext ctx, boolean restart) {
        if (!reading && pending > 0) {
            disarm();
        } else if (timer == null || restart) {
            disarm();
            timer = ctx.executor().schedule(() -> expired(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive() || (!reading && pending > 0)) {
            return;
        }
        if (reading && pending == 1) {
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            CloseAfterWrite.close(ctx.writeAndFlush(response), closeTimeoutNanos);
        } else {
            // nothing came, or a request pipelined behind one still unanswered (a 408 would answer that one)
            ctx.close();
        }
    }
}
