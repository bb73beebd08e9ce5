package dev.sockeye.examples;

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

/**
 * The demo's own HTTP: the chat page at {@code /}. Added to the {@code NettySocketIoServer} as a handler, so it sees
 * every request outside the Socket.IO path as a {@link FullHttpRequest} (the server itself serves the client bundle
 * at {@code /socket.io/socket.io.js}); anything else goes on down the pipeline (to the server's {@code 404}).
 */
@ChannelHandler.Sharable
final class ChatHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final StaticFiles page = new StaticFiles();

    ChatHttpHandler() {
        super(false); // we release what we answer, and pass the rest on unreleased
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!head && !request.method().equals(HttpMethod.GET)) {
            ctx.fireChannelRead(request);
            return;
        }
        FullHttpResponse response = page(request);
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

    private FullHttpResponse page(FullHttpRequest request) {
        return page.find(request.uri())
                .map(file -> {
                    ByteBuf content = Unpooled.wrappedBuffer(file.content());
                    FullHttpResponse response =
                            new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.OK, content);
                    response.headers()
                            .set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                            .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                            // A demo: always fetch the page anew, so an edited app.js shows up on reload.
                            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
                    return response;
                })
                .orElse(null);
    }
}
