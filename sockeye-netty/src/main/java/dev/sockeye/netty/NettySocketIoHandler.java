package dev.sockeye.netty;

import dev.sockeye.clientbundle.ClientBundle;
import dev.sockeye.netty.internal.ClientFileHandler;
import dev.sockeye.server.SocketIoServer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.util.Objects;

/**
 * Serves a {@link SocketIoServer} in a user's own Netty pipeline: add it right after an
 * {@link io.netty.handler.codec.http.HttpServerCodec}. When added it puts the Socket.IO handlers in
 * its place: the client files (when {@link dev.sockeye.server.SocketIoOptions#serveClient()}, at
 * {@code <path>/socket.io.js} and friends) and a {@link NettyEngineHandler} for the server's engine.
 * Requests outside the Socket.IO path pass on down the pipeline untouched, as raw
 * {@code HttpRequest}/{@code HttpContent} messages. Sharable: one instance may serve every channel.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create();
 * NettySocketIoHandler socketIo = new NettySocketIoHandler(io);
 * bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
 *     protected void initChannel(SocketChannel ch) {
 *         ch.pipeline().addLast(new HttpServerCodec(), socketIo, new HttpObjectAggregator(65536), myRoutes);
 *     }
 * });
 * }</pre>
 */
@ChannelHandler.Sharable
public final class NettySocketIoHandler extends ChannelHandlerAdapter {
    private final SocketIoServer io;

    /**
     * A handler for this server.
     *
     * @param io the Socket.IO server; its {@link SocketIoServer#engine()} is created now if it was not yet
     */
    public NettySocketIoHandler(SocketIoServer io) {
        this.io = Objects.requireNonNull(io, "io");
        io.engine();
    }

    /** The Socket.IO server this handler serves. */
    public SocketIoServer server() {
        return io;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        String name = ctx.name();
        // Added in reverse: each goes right after this handler.
        pipeline.addAfter(name, name + ".engine", new NettyEngineHandler(io.engine()));
        ChannelHandler files = clientFiles(io);
        if (files != null) {
            pipeline.addAfter(name, name + ".client", files);
        }
        pipeline.remove(this);
    }

    /** The handler serving the client files of {@code io}, or {@code null} when it does not serve them. */
    static ChannelHandler clientFiles(SocketIoServer io) {
        if (!io.options().serveClient()) {
            return null;
        }
        return new ClientFileHandler(io.options().path(), ClientBundle.standard());
    }
}
