package dev.sockeye.bench.limit;

import dev.sockeye.bench.BenchServer;
import dev.sockeye.netty.NettyTransport;
import dev.sockeye.netty.internal.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least work any server on this machine could do for the bench contract's traffic, on the same Netty as
 * Sockeye: the physical-limit anchor that {@code run-limits.sh} measures beside Sockeye and Node with the same load
 * generator. It speaks just enough Engine.IO / Socket.IO for the shared loadgen's {@code connections},
 * {@code fanout} and {@code echo} cases and {@code check}'s {@code echo}, {@code join}, {@code leave},
 * {@code broadcast}, {@code stats} and {@code gc}:
 *
 * <ul>
 *   <li>WebSocket only ({@code /socket.io/?EIO=4&transport=websocket}), no heartbeat timers, no sessions: a
 *       connection is its channel;</li>
 *   <li>an ack is the event's own bytes with {@code 42} turned into {@code 43} and the event name cut out;</li>
 *   <li>a broadcast tick is framed once (WebSocket header included) and that one buffer is written to every member
 *       channel by the members' own event loop: no Socket.IO objects, no per-member encoding.</li>
 * </ul>
 *
 * <pre>benchmarks/limit-server.sh --port 3000 [--transport auto|nio|epoll|io_uring] [--max-seconds 1800]</pre>
 *
 * <p>It is a measuring instrument, not a server to deploy: it trusts its peer (the loadgen) entirely.
 */
public final class LimitServer {
    private final Rooms rooms = new Rooms();
    private final AtomicInteger connections = new AtomicInteger();
    private final EventLoopGroup group;
    private final Channel listener;

    private LimitServer(int port, NettyTransport transport) throws InterruptedException {
        Transports.Resolved resolved = Transports.resolve(transport);
        group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), resolved.ioHandlers());
        ChannelHandler events = new LimitHandler(this);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/socket.io/")
                .checkStartsWith(true)
                .maxFramePayloadLength(1_000_000)
                .handleCloseFrames(true)
                .withUTF8Validator(false) // the loadgen sends ASCII; Sockeye's check is part of what it pays for
                .build();
        listener = new ServerBootstrap()
                .group(group)
                .channel(resolved.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(8192),
                                        new WebSocketServerProtocolHandler(ws),
                                        events);
                    }
                })
                .bind("127.0.0.1", port)
                .sync()
                .channel();
        System.err.println("limit server: " + resolved.transport() + ", "
                + Runtime.getRuntime().availableProcessors() + " event loops");
    }

    /**
     * Runs until SIGTERM/SIGINT or {@code --max-seconds}.
     *
     * @param args {@code --port N} (env {@code PORT}, default 3000), {@code --transport} (default auto),
     *             {@code --max-seconds N} (default 1800)
     * @throws InterruptedException if interrupted while running
     */
    public static void main(String[] args) throws InterruptedException {
        String envPort = System.getenv("PORT");
        int port = Integer.parseInt(
                BenchServer.option(args, "--port", envPort == null || envPort.isBlank() ? "3000" : envPort));
        NettyTransport transport = NettyTransport.valueOf(
                BenchServer.option(args, "--transport", "auto").toUpperCase(Locale.ROOT));
        long maxSeconds = Long.parseLong(BenchServer.option(args, "--max-seconds", "1800"));
        LimitServer server = new LimitServer(port, transport);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "limit-server-shutdown"));
        System.out.println("READY port=" + server.port() + " pid="
                + ProcessHandle.current().pid());
        System.out.flush();
        if (!stopped.await(maxSeconds, TimeUnit.SECONDS)) {
            System.err.println("max-seconds " + maxSeconds + " reached, exiting");
            System.exit(0);
        }
    }

    private void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The bound port ({@code --port 0} binds any free one). */
    int port() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    Rooms rooms() {
        return rooms;
    }

    AtomicInteger connections() {
        return connections;
    }

    /** One text frame's bytes, WebSocket header and all, ready to be written as they are to any channel. */
    static ByteBuf framed(byte[] payload) {
        int length = payload.length;
        ByteBuf frame = Unpooled.directBuffer(length + 10);
        frame.writeByte(0x81); // FIN, text
        if (length < 126) {
            frame.writeByte(length);
        } else if (length < 65536) {
            frame.writeByte(126).writeShort(length);
        } else {
            frame.writeByte(127).writeLong(length);
        }
        return frame.writeBytes(payload);
    }

    /** The text of a frame to send back as a reply. */
    static TextWebSocketFrame text(String text) {
        return new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /**
     * Hands a batch of broadcast frames to every member: one task per event loop, which writes every frame to each
     * of its members and flushes each member once. Takes over the buffers.
     */
    static void writeToAll(Rooms.Room room, List<ByteBuf> frames) {
        for (Rooms.LoopMembers members : room.byLoop()) {
            List<ByteBuf> mine = new ArrayList<>(frames.size());
            for (ByteBuf frame : frames) {
                mine.add(frame.retainedDuplicate());
            }
            EventLoop loop = members.loop();
            if (loop.inEventLoop()) {
                members.write(mine);
            } else {
                loop.execute(() -> members.write(mine));
            }
        }
        frames.forEach(ByteBuf::release);
    }
}
