package dev.sockeye.netty;

/**
 * The Netty transport that the server's event loops use. The native ones are Linux only and load their
 * library from the {@code linux-x86_64} jars that {@code sockeye-netty} depends on; see
 * {@link NettyServer.Builder#transport}.
 */
public enum NettyTransport {
    /**
     * The best transport that loads here: {@link #EPOLL}, else {@link #IO_URING}, else {@link #NIO}, with one
     * log line saying why when it comes to NIO. Epoll comes first because it is Netty's long-standing native
     * transport; io_uring is there for those who measure it better on their kernel.
     */
    AUTO,
    /** Java's NIO selectors: every platform. */
    NIO,
    /** Linux epoll through Netty's native library. */
    EPOLL,
    /** Linux io_uring (kernel 5.14+) through Netty's native library; sandboxes often forbid it. */
    IO_URING
}
