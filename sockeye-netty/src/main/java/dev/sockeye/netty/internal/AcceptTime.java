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

    /**
     * When {@code channel} was accepted, or now when no {@link #STAMPER} saw it (a pipeline of the application's own).
     * Takes the stamp off the channel: kept, its attribute, its table and the boxed time would cost every open
     * connection 72 bytes for a value read once, when the engine's handler is added.
     */
    @SuppressWarnings("deprecation") // getAndRemove races with another attr(key) of the same key; this key is ours
    public static long take(Channel channel) {
        // hasAttr first: attr(key) on a channel without the attribute would add an empty one
        Long acceptedAt =
                channel.hasAttr(ACCEPTED_AT) ? channel.attr(ACCEPTED_AT).getAndRemove() : null;
        return acceptedAt != null ? acceptedAt : System.nanoTime();
    }
}
