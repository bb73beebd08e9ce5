package dev.sockeye.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Stamps every accepted connection with when it was accepted, on the {@link System#nanoTime()} clock.
 * Placed on the server channel, it runs on the one thread that accepts, in accept order, before the
 * connection is handed to its own event loop: the stamp orders connections as they came, however
 * late their event loops get to them (the arrival time of their first request, see
 * {@link dev.sockeye.engine.spi.PollingExchange#arrivalNanos()}).
 */
@ChannelHandler.Sharable
public final class AcceptTime extends ChannelInboundHandlerAdapter {
    /** The one instance: it holds no state. */
    public static final AcceptTime STAMPER = new AcceptTime();

    private static final AttributeKey<Long> ACCEPTED_AT = AttributeKey.valueOf(AcceptTime.class, "acceptedAt");

    private AcceptTime() {}

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel) {
            ((Channel) msg).attr(ACCEPTED_AT).set(System.nanoTime());
        }
        ctx.fireChannelRead(msg);
    }

    /** When {@code channel} was accepted, or now when no {@link #STAMPER} saw it (a pipeline of the application's own). */
    public static long of(Channel channel) {
        Long acceptedAt = channel.attr(ACCEPTED_AT).get();
        return acceptedAt != null ? acceptedAt : System.nanoTime();
    }
}
