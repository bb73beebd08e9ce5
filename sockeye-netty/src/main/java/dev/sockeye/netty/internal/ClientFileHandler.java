package dev.sockeye.netty.internal;

import dev.sockeye.clientbundle.ClientBundle;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Answers {@code GET}/{@code HEAD} requests for the official client files under the Socket.IO path
 * ({@code /socket.io/socket.io.js} …, Node's {@code serveClient}) from {@link ClientBundle}; every
 * other request and everything after a WebSocket upgrade goes on down the pipeline untouched.
 * Placed right after the HTTP codec, in front of the engine handler, one instance per channel.
 *
 * <p>HTTP/1.1 pipelining: a client may send a file request behind a long-polling request that is
 * still pending further down. Responses must leave in request order, so this handler keeps one slot
 * per request it saw: a file answer waits in its slot until every response before it went out
 * (it watches the responses written by the handlers behind it).
 */
public final class ClientFileHandler extends ChannelDuplexHandler {
    /** The most answers held back behind a pending response before the client is cut off. */
    private static final int MAX_HELD = 16;

    /** A request in flight: {@code answer == null} while a handler further down answers it. */
    private static final class Slot {
        final FullHttpResponse answer;
        final boolean close;

        Slot(FullHttpResponse answer, boolean close) {
            this.answer = answer;
            this.close = close;
        }
    }

    private final String path;
    private final ClientBundle bundle;
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    private boolean discarding;

    /**
     * A handler for one channel.
     *
     * @param path the Socket.IO path, e.g. {@code /socket.io}
     * @param bundle the client files
     */
    public ClientFileHandler(String path, ClientBundle bundle) {
        this.path = path;
        this.bundle = bundle;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            HttpRequest request = (HttpRequest) msg;
            FullHttpResponse answer = request.decoderResult().isSuccess() ? answer(request) : null;
            if (answer == null) {
                inFlight.add(new Slot(null, false));
                ctx.fireChannelRead(msg);
                return;
            }
            boolean close = !HttpUtil.isKeepAlive(request);
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            if (close) {
                answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            if (inFlight.isEmpty()) {
                send(ctx, answer, close);
            } else if (inFlight.size() >= MAX_HELD) {
                answer.release();
                ctx.close();
            } else {
                inFlight.add(new Slot(answer, close));
            }
            return;
        }
        if (discarding && msg instanceof HttpContent) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private FullHttpResponse answer(HttpRequest request) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            return null;
        }
        Optional<ClientBundle.Response> reply = bundle.serve(
                path,
                request.uri(),
                request.headers().get(HttpHeaderNames.IF_NONE_MATCH),
                request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        if (reply.isEmpty()) {
            return null;
        }
        ClientBundle.Response r = reply.get();
        FullHttpResponse response = new DefaultFullHttpResponse(
                request.protocolVersion(),
                HttpResponseStatus.valueOf(r.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
        r.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse answer, boolean close) {
        if (close) {
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(answer);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean completes = completesResponse(msg);
        ctx.write(msg, promise);
        if (completes && !inFlight.isEmpty()) {
            inFlight.poll(); // the slot of the request just answered further down
            Slot next;
            while ((next = inFlight.peek()) != null && next.answer != null) {
                inFlight.poll();
                send(ctx, next.answer, next.close);
            }
        }
    }

    /** Whether {@code msg} ends a final response (1xx interim answers do not, 101 does). */
    private static boolean completesResponse(Object msg) {
        if (msg instanceof HttpResponse) {
            int code = ((HttpResponse) msg).status().code();
            if (code < 200 && code != 101) {
                return false;
            }
            return msg instanceof LastHttpContent;
        }
        return msg instanceof LastHttpContent;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseHeld();
    }

    private void releaseHeld() {
        for (Slot slot : inFlight) {
            if (slot.answer != null) {
                slot.answer.release();
            }
        }
        inFlight.clear();
    }
}
