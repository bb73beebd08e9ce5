package dev.sockeye.netty.internal;

import dev.sockeye.netty.NettyTransport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a {@link NettyTransport} choice into the event-loop factory and server channel class that implement it. */
public final class Transports {
    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    /** A transport that loads here: what the server's event loops and listening channel are made of. */
    public record Resolved(
            NettyTransport transport, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannel) {}

    private Transports() {}

    /**
     * The transport to use for a choice: {@link NettyTransport#AUTO} falls back as its documentation says; a
     * named native transport that does not load is an error, with the reason.
     *
     * @throws IllegalStateException when a named native transport is not available here
     */
    public static Resolved resolve(NettyTransport choice) {
        switch (choice) {
            case NIO:
                return nio();
            case EPOLL:
                requireLoaded(choice, Epoll.unavailabilityCause());
                return epoll();
            case IO_URING:
                requireLoaded(choice, IoUring.unavailabilityCause());
                return ioUring();
            case AUTO:
            default:
                if (Epoll.isAvailable()) {
                    return epoll();
                }
                if (IoUring.isAvailable()) {
                    return ioUring();
                }
                log.info(
                        "Netty transport: NIO (epoll unavailable: {}; io_uring unavailable: {})",
                        reason(Epoll.unavailabilityCause()),
                        reason(IoUring.unavailabilityCause()));
                return nio();
        }
    }

    /** Whether a transport loads on this machine ({@link NettyTransport#AUTO} and NIO always do). */
    public static boolean isAvailable(NettyTransport transport) {
        switch (transport) {
            case EPOLL:
                return Epoll.isAvailable();
            case IO_URING:
                return IoUring.isAvailable();
            default:
                return true;
        }
    }

    private static void requireLoaded(NettyTransport transport, Throwable unavailabilityCause) {
        if (unavailabilityCause != null) {
            throw new IllegalStateException(
                    "Netty transport " + transport + " is not available here: " + reason(unavailabilityCause),
                    unavailabilityCause);
        }
    }

    private static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause + " <- " + root;
    }

    private static Resolved nio() {
        return new Resolved(NettyTransport.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    private static Resolved epoll() {
        return new Resolved(NettyTransport.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Resolved ioUring() {
        return new Resolved(NettyTransport.IO_URING, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
    }
}
