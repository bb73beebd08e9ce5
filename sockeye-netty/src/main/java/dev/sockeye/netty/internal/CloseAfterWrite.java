package dev.sockeye.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection after its last write, bounded in time. A client that stops reading would otherwise keep the
 * connection, its file descriptor and everything queued in front of that write for as long as it keeps TCP open:
 * once the close timeout passes, the connection is closed as it stands, which drops and releases whatever was not
 * written yet (as Node's {@code ws} destroys a socket 30 seconds after its close frame).
 */
public final class CloseAfterWrite {
    private static final Logger log = LoggerFactory.getLogger(CloseAfterWrite.class);

    private CloseAfterWrite() {}

    /** Closes the channel once {@code written} completes, or when that takes longer than {@code timeoutNanos}. */
    public static void close(ChannelFuture written, long timeoutNanos) {
        then(written, timeoutNanos, ChannelFutureListener.CLOSE);
    }

    /**
     * Runs {@code next} once {@code written} completes (successfully or not); when that takes longer than
     * {@code timeoutNanos}, closes the channel instead (the write then fails, and {@code next} still runs).
     */
    public static void then(ChannelFuture written, long timeoutNanos, ChannelFutureListener next) {
        Channel channel = written.channel();
        ScheduledFuture<?> deadline = channel.eventLoop()
                .schedule(
                        () -> {
                            if (channel.isOpen()) {
                                log.debug(
                                        "Closing {}: its client took nothing of the last write for {} ms",
                                        channel,
                                        TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
                                channel.close();
                            }
                        },
                        timeoutNanos,
                        TimeUnit.NANOSECONDS);
        written.addListener((ChannelFuture f) -> {
            deadline.cancel(false);
            next.operationComplete(f);
        });
    }
}
