package dev.sockeye.netty;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.netty.internal.AcceptTime;
import dev.sockeye.netty.internal.CloseAfterWrite;
import dev.sockeye.netty.internal.NettyPollingExchange;
import dev.sockeye.netty.internal.NettyWebSocketUpgrade;
import dev.sockeye.netty.internal.Requests;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one or more engines in a user's own Netty pipeline: add it right after an
 * {@link io.netty.handler.codec.http.HttpServerCodec} (one instance per channel). Requests to an
 * engine path ({@code /engine.io/} by default) are answered here, WebSocket upgrades included;
 * every other request is passed on down the pipeline untouched, as raw {@code HttpRequest} /
 * {@code HttpContent} messages.
 *
 * <pre>{@code
 * ch.pipeline().addLast(new HttpServerCodec(), new NettyEngineHandler(engine), new HttpObjectAggregator(65536), myRoutes);
 * }</pre>
 *
 * <p>An application that routes upgrade requests itself can hand one to an engine with
 * {@link #handleUpgrade(ChannelHandlerContext, HttpRequest, EngineServer)}.
 *
 * <p>A request pipelined behind one that is still being answered (a long poll) is held, and the connection is not
 * read any further until the answer is out: what one connection can make the server hold is bounded by one read,
 * whatever the client sends.
 */
public final class NettyEngineHandler extends ChannelInboundHandlerAdapter {
    /** How long a connection being closed may take to deliver what was written before its close (as Node's ws). */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(NettyEngineHandler.class);
    /** The most requests a client may pipeline behind one that is still being answered. */
    private static final int MAX_PIPELINED = 16;

    private final List<EngineServer> engines;
    private final long closeTimeoutNanos;
    private ChannelHandlerContext ctx;
    private NettyPollingExchange current;
    private boolean passing;
    private boolean discarding;
    private ArrayDeque<Object> pipelined;
    private boolean draining;
    /**
     * The earliest the next request on this connection can have arrived: when the connection was accepted,
     * then when the previous exchange ended. A read time would be later than the arrival by however long
     * this event loop was busy elsewhere, which is what {@link dev.sockeye.engine.spi.PollingExchange#arrivalNanos()}
     * must not depend on.
     */
    private long nextArrival;

    /** A handler for these engines, matched by their {@code path} in order. */
    public NettyEngineHandler(EngineServer... engines) {
        this(List.of(engines));
    }

    /** A handler for these engines, matched by their {@code path} in order, with the default close timeout. */
    public NettyEngineHandler(List<EngineServer> engines) {
        this(engines, DEFAULT_CLOSE_TIMEOUT);
    }

    /**
     * A handler for these engines, matched by their {@code path} in order.
     *
     * @param closeTimeout how long a connection being closed may take to deliver what was written before its close
     *                     (a WebSocket's last frames and close frame, a last HTTP response); a client that stops
     *                     reading is disconnected then, and what it did not take is released
     */
    public NettyEngineHandler(List<EngineServer> engines, Duration closeTimeout) {
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("at least one engine");
        }
        this.engines = List.copyOf(engines);
        this.closeTimeoutNanos = checkCloseTimeout(closeTimeout).toNanos();
    }

    static Duration checkCloseTimeout(Duration value) {
        Objects.requireNonNull(value, "closeTimeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive: " + value);
        }
        return value;
    }

    /**
     * Hands a WebSocket upgrade request to an engine from the application's own routing (Node's
     * {@code engine.handleUpgrade}). Call it on the channel's event loop, from a handler placed
     * after the HTTP codec; the request is not released (the caller still owns it), and its body,
     * if any, is ignored.
     */
    public static void handleUpgrade(ChannelHandlerContext ctx, HttpRequest request, EngineServer engine) {
        EngineRequest engineRequest = Requests.toEngineRequest(ctx.channel(), request);
        engine.handleUpgrade(new NettyWebSocketUpgrade(
                ctx.channel(), withoutBody(request), engineRequest, engine.options(), DEFAULT_CLOSE_TIMEOUT.toNanos()));
    }

    /** A copy of the request line and headers for an upgrade to own until it is answered, whatever becomes of the request. */
    private static FullHttpRequest withoutBody(HttpRequest request) {
        return new DefaultFullHttpRequest(
                request.protocolVersion(),
                request.method(),
                request.uri(),
                Unpooled.EMPTY_BUFFER,
                request.headers().copy(),
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.nextArrival = AcceptTime.take(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean busy = current != null && current.lastSeen();
        if (busy || (pipelined != null && !pipelined.isEmpty() && !draining)) {
            queue(msg);
            return;
        }
        dispatch(msg);
    }

    private void queue(Object msg) {
        if (pipelined == null) {
            pipelined = new ArrayDeque<>(4);
        }
        // Nothing more is read until the request being answered is done: what is queued stays within what one
        // read brought (a client pipelining an endless chunked body behind a long poll grew the server by GBs).
        ctx.channel().config().setAutoRead(false);
        if (msg instanceof HttpRequest
                && pipelined.stream().filter(m -> m instanceof HttpRequest).count() >= MAX_PIPELINED) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        pipelined.add(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest) {
            onRequest((HttpRequest) msg);
        } else if (msg instanceof HttpContent) {
            onContent((HttpContent) msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            ReferenceCountUtil.release(request);
            Throwable cause = result.cause();
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException
                            ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                            : cause instanceof TooLongFrameException
                                    ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
                                    : HttpResponseStatus.BAD_REQUEST;
            discarding = true;
            sendAndClose(status);
            return;
        }
        EngineServer engine = route(request.uri());
        if (engine == null) {
            passing = !(request instanceof LastHttpContent);
            ctx.fireChannelRead(request);
            return;
        }
        EngineRequest engineRequest = Requests.toEngineRequest(ctx.channel(), request);
        if (Requests.isWebSocketUpgrade(request)) {
            discarding = !(request instanceof LastHttpContent);
            FullHttpRequest copy = withoutBody(request);
            ReferenceCountUtil.release(request);
            engine.handleUpgrade(
                    new NettyWebSocketUpgrade(ctx.channel(), copy, engineRequest, engine.options(), closeTimeoutNanos));
            return;
        }
        NettyPollingExchange exchange = new NettyPollingExchange(
                ctx,
                request,
                engineRequest,
                nextArrival,
                engine.options().maxHttpBufferSize(),
                closeTimeoutNanos,
                this::exchangeFinished);
        current = exchange;
        try {
            if (request instanceof HttpContent) {
                exchange.append((HttpContent) request);
            }
        } finally {
            ReferenceCountUtil.release(request);
        }
        engine.handleRequest(exchange);
    }

    private void onContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (content.decoderResult().isFailure() && !passing && !discarding) {
            // a malformed chunk (size, extension or trailer): the codec drops the rest of the connection's input
            ReferenceCountUtil.release(content);
            discarding = true;
            sendAndClose(HttpResponseStatus.BAD_REQUEST);
            return;
        }
        if (passing) {
            passing = !last;
            ctx.fireChannelRead(content);
            return;
        }
        try {
            if (discarding) {
                discarding = !last;
            } else if (current != null && !current.lastSeen()) {
                current.append(content);
            }
        } finally {
            ReferenceCountUtil.release(content);
        }
    }

    private void exchangeFinished() {
        current = null;
        nextArrival = System.nanoTime();
        if (pipelined == null || draining) {
            return;
        }
        draining = true;
        try {
            Object next;
            while (current == null && ctx.channel().isActive() && (next = pipelined.poll()) != null) {
                dispatch(next);
            }
            // content of a request still being read goes to it
            while (current != null
                    && !current.lastSeen()
                    && (next = pipelined.peek()) != null
                    && !(next instanceof HttpRequest)) {
                dispatch(pipelined.poll());
            }
        } finally {
            draining = false;
        }
        if (pipelined.isEmpty() && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true); // reads the rest of what the client pipelined
        }
    }

    private EngineServer route(String uri) {
        for (EngineServer engine : engines) {
            if (Requests.matches(engine.options(), uri)) {
                return engine;
            }
        }
        return null;
    }

    private void sendAndClose(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        CloseAfterWrite.close(ctx.writeAndFlush(response), closeTimeoutNanos);
    }

    /**
     * Errors of the connection's input (the codec, the read loop) end the connection. Running out of memory is
     * logged: it says a limit is missing somewhere, and nothing else would tell.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof OutOfMemoryError) {
            log.error("Out of memory while serving {}; closing the connection", ctx.channel(), cause);
            ctx.close();
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        NettyPollingExchange exchange = current;
        current = null;
        if (exchange != null) {
            exchange.channelClosed();
        }
        releasePipelined();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePipelined();
    }

    private void releasePipelined() {
        if (pipelined != null) {
            pipelined.forEach(ReferenceCountUtil::release);
            pipelined.clear();
        }
    }
}
