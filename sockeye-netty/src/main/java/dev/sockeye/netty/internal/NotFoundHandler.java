package dev.sockeye.netty.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The end of the standalone server's pipeline: what nobody handled gets {@code 404 Not Found}. */
@ChannelHandler.Sharable
public final class NotFoundHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(NotFoundHandler.class);
    /** The shared instance. */
    public static final NotFoundHandler INSTANCE = new NotFoundHandler();

    private NotFoundHandler() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpRequest request) {
                PlainResponse.send(
                        ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=UTF-8", "Not Found");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // what no handler before took ends the connection: I/O errors (connection reset) and bad
        // input are a client's doing, anything else (out of direct memory, a bug) the server's
        if (cause instanceof IOException || cause instanceof DecoderException) {
            log.debug("{}: closed after {}", ctx.channel(), cause.toString());
        } else if (cause instanceof Error) {
            log.error("{}: closed after an error", ctx.channel(), cause);
        } else {
            log.warn("{}: closed after an unexpected exception", ctx.channel(), cause);
        }
        ctx.close();
    }
}
