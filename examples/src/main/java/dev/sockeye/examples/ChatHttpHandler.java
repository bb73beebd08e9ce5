package dev.sockeye.examples;

import dev.sockeye.clientbundle.ClientBundle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Optional;

/**
 * The demo's plain HTTP: the official client bundle under the Socket.IO path ({@code /socket.io/socket.io.js} and
 * friends, as the Node server's {@code serveClient}) and the chat page at {@code /}. Added to the standalone
 * {@code NettyServer} as a fallback handler, so it sees every request the engine does not take, as a
 * {@link FullHttpRequest}; anything else goes on down the pipeline (to the server's {@code 404}).
 */
@ChannelHandler.Sharable
final class ChatHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final String socketIoPath;
    private final boolean serveClient;
    private final StaticFiles page = new StaticFiles();

    ChatHttpHandler(String socketIoPath, boolean serveClient) {
        super(false); // we release what we answer, and pass the rest on unreleased
        this.socketIoPath = socketIoPath;
        this.serveClient = serveClient;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            ctx.fireChannelRead(request);
            return;
        }
        FullHttpResponse response = serveClient ? bundle(request) : null;
        if (response == null) {
            response = page(request);
        }
        if (response == null) {
            ctx.fireChannelRead(request);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        request.release();
        if (head) {
            response.content().clear();
        }
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse bundle(FullHttpRequest request) {
        Optional<ClientBundle.Response> reply = ClientBundle.standard().serve(socketIoPath, request.uri(),
                request.headers().get(HttpHeaderNames.IF_NONE_MATCH),
                request.headers().get(HttpHeaderNames.ACCEPT_ENCODING));
        if (reply.isEmpty()) {
            return null;
        }
        ClientBundle.Response r = reply.get();
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        r.headers().forEach((name, value) -> response.headers().set(name, value));
        return response;
    }

    private FullHttpResponse page(FullHttpRequest request) {
        return page.find(request.uri()).map(file -> {
            ByteBuf content = Unpooled.wrappedBuffer(file.content());
            FullHttpResponse response =
                    new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, content);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                    // A demo: always fetch the page anew, so an edited app.js shows up on reload.
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            return response;
        }).orElse(null);
    }
}
