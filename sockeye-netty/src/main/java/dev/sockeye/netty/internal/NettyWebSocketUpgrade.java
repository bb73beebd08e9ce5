package dev.sockeye.netty.internal;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.spi.FrontExchange;
import dev.sockeye.engine.spi.WebSocketHandler;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import dev.sockeye.netty.NettyEngineHandler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.ssl.SslHandler;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A WebSocket upgrade request on a Netty channel, answered by the engine. */
public final class NettyWebSocketUpgrade extends FrontExchange implements WebSocketUpgrade {

    private static final Logger log = LoggerFactory.getLogger(NettyWebSocketUpgrade.class);
    private final Channel channel;
    private final FullHttpRequest request;
    private final EngineOptions options;
    private final long closeTimeoutNanos;
    private boolean answered;

    /**
     * @param request a copy of the upgrade request without body, owned by this object until answered
     * @param closeTimeoutNanos how long a close may wait for what was written before it to go out
     */
    public NettyWebSocketUpgrade(
            Channel channel,
            FullHttpRequest request,
            EngineRequest engineRequest,
            EngineOptions options,
            long closeTimeoutNanos) {
        super(engineRequest, channel.eventLoop());
        this.channel = channel;
        this.request = request;
        this.options = options;
        this.closeTimeoutNanos = closeTimeoutNanos;
    }

    @Override
    public void accept(WebSocketHandler handler) {
        inLoop(() -> doAccept(handler));
    }

    private void doAccept(WebSocketHandler handler) {
        if (answered) {
            return;
        }
        answered = true;
        try {
            if (!channel.isActive()) {
                handler.onError(new ClosedChannelException());
                return;
            }
            long max = options.maxHttpBufferSize();
            WebSocketDecoderConfig config =
                    decoderConfig((int) Math.min(max, Integer.MAX_VALUE), options.perMessageDeflate());
            String scheme = channel.pipeline().get(SslHandler.class) != null ? "wss://" : "ws://";
            String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
            // "*": the first subprotocol the client offers is accepted, as Node's ws does without handleProtocols
            // (browsers fail a handshake whose response names none of the offered ones)
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                            scheme + host + request.uri(), "*", config)
                    .newHandshaker(request);
            if (handshaker == null) {
                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                handler.onError(new IllegalStateException("unsupported WebSocket version"));
                return;
            }
            WebSocketServerExtension deflate;
            try {
                deflate = options.perMessageDeflate() ? negotiateDeflate() : null;
            } catch (RuntimeException e) {
                // e.g. server_max_window_bits=abc: refused like Node's ws does (400), never thrown further
                log.debug(
                        "{}: WebSocket upgrade refused (400), bad permessage-deflate offer: {}", channel, e.toString());
                FullHttpResponse bad =
                        new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST);
                bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                bad.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                CloseAfterWrite.close(channel.writeAndFlush(bad), closeTimeoutNanos);
                handler.onError(new IllegalArgumentException("invalid Sec-WebSocket-Extensions", e));
                return;
            }
            HttpHeaders headers = new DefaultHttpHeaders();
            responseHeaders().forEach(headers::add);
            if (deflate != null) {
                WebSocketExtensionData data = deflate.newReponseData();
                StringBuilder value = new StringBuilder(data.name());
                data.parameters().forEach((k, v) -> {
                    value.append("; ").append(k);
                    if (v != null) {
                        value.append('=').append(v);
                    }
                });
                headers.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, value.toString());
            }
            WebSocketFrameHandler frames = new WebSocketFrameHandler(handler, max, deflate != null, closeTimeoutNanos);
            // Our handlers go right after the HTTP codec before the handshake starts: the handshaker puts
            // its frame decoder/encoder in front of the codec and removes the codec once the 101 is out,
            // which can happen within the handshake call (its listener then already needs our handler).
            ChannelPipeline p = channel.pipeline();
            ChannelHandlerContext codec = p.context(HttpServerCodec.class);
            if (codec == null) {
                codec = p.context(HttpRequestDecoder.class);
            }
            if (codec == null) {
                handler.onError(new IllegalStateException("no HTTP codec in the pipeline"));
                channel.close();
                return;
            }
            String last = codec.name();
            if (deflate != null) {
                p.addAfter(last, "sockeye-ws-inflate", deflate.newExtensionDecoder());
                last = "sockeye-ws-inflate";
                p.addAfter(last, "sockeye-ws-deflate", deflate.newExtensionEncoder());
                last = "sockeye-ws-deflate";
            }
            p.addAfter(last, "sockeye-ws", frames); // which also checks that text messages are UTF-8
            ChannelPromise promise = channel.newPromise();
            promise.addListener(f -> {
                if (f.isSuccess()) {
                    stripHttpHandlers(channel.pipeline());
                    if (deflate == null) {
                        // without permessage-deflate every frame is written whole by our handler (pre-framed)
                        ChannelHandlerContext encoder = channel.pipeline().context(WebSocketFrameEncoder.class);
                        if (encoder != null) {
                            channel.pipeline().remove(encoder.handler());
                        }
                    }
                    frames.open();
                } else {
                    frames.failed(f.cause());
                    if (channel.isActive()) {
                        FullHttpResponse bad =
                                new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.BAD_REQUEST);
                        bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                        CloseAfterWrite.close(channel.writeAndFlush(bad), closeTimeoutNanos);
                    }
                }
            });
            try {
                handshaker.handshake(channel, request, headers, promise);
            } catch (RuntimeException e) {
                promise.tryFailure(e); // e.g. no Sec-WebSocket-Key: the listener answers 400
            }
        } finally {
            request.release();
        }
    }

    /** The frame decoder's settings of the last upgrade: every connection's decoder keeps one, so they are shared. */
    private static volatile WebSocketDecoderConfig lastDecoderConfig;

    private static WebSocketDecoderConfig decoderConfig(int maxPayload, boolean extensions) {
        WebSocketDecoderConfig config = lastDecoderConfig;
        if (config == null || config.maxFramePayloadLength() != maxPayload || config.allowExtensions() != extensions) {
            config = WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(maxPayload)
                    .allowExtensions(extensions)
                    // WebSocketFrameHandler closes on a violation itself, letting the close frame reach the client
                    .closeOnProtocolViolation(false)
                    .build();
            lastDecoderConfig = config;
        }
        return config;
    }

    /**
     * A WebSocket channel keeps only what frames need: the HTTP-only handlers of the standalone server
     * (and this front's own request handler in a user's pipeline) go, which also makes the channel
     * lighter for as long as it lives. The user's own handlers stay.
     */
    private static void stripHttpHandlers(ChannelPipeline p) {
        for (Class<? extends ChannelHandler> type : List.of(
                RequestTimeoutHandler.class,
                HttpServerExpectContinueHandler.class,
                NettyEngineHandler.class,
                HttpObjectAggregator.class,
                NotFoundHandler.class)) {
            ChannelHandlerContext ctx = p.context(type);
            if (ctx != null) {
                p.remove(ctx.handler());
            }
        }
    }

    private WebSocketServerExtension negotiateDeflate() {
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (offered == null) {
            return null;
        }
        int threshold = options.perMessageDeflateThreshold();
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                // Node's ws: below the threshold, or sent with compress=false, a message goes out as is
                return (WebSocketFrame frame) -> frame instanceof WebSocketFrameHandler.Uncompressed
                        || frame.content().readableBytes() < threshold;
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        PerMessageDeflateServerExtensionHandshaker handshaker =
                new PerMessageDeflateServerExtensionHandshaker(6, false, 15, false, false, 15, 8, filters, (int)
                        Math.min(options.maxHttpBufferSize(), Integer.MAX_VALUE));
        for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offered)) {
            WebSocketServerExtension extension = handshaker.handshakeExtension(data);
            if (extension != null) {
                return extension;
            }
        }
        return null;
    }

    @Override
    public void reject(int status, byte[] body) {
        inLoop(() -> {
            if (answered) {
                return;
            }
            answered = true;
            request.release();
            FullHttpResponse response = new DefaultFullHttpResponse(
                    request.protocolVersion(), HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
            responseHeaders().forEach((name, values) -> response.headers().add(name, values));
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            CloseAfterWrite.close(channel.writeAndFlush(response), closeTimeoutNanos);
        });
    }

    private void inLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
