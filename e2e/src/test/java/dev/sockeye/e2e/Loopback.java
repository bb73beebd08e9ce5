package dev.sockeye.e2e;

import dev.sockeye.engine.EngineServer;
import dev.sockeye.netty.NettyServer;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;

/**
 * The Netty fronts the tests start: on 127.0.0.1, at a port the system picks (read it back with
 * {@code port()}), so that tests running side by side never collide.
 */
public final class Loopback {

    private static final String HOST = "127.0.0.1";

    private Loopback() {}

    /** {@code io} served by a started Netty front. */
    public static NettySocketIoServer serve(SocketIoServer io) {
        return builder(io).build().start();
    }

    /** The builder of {@link #serve(SocketIoServer)}, for a test that sets more options before it starts. */
    public static NettySocketIoServer.Builder builder(SocketIoServer io) {
        return NettySocketIoServer.builder(io).host(HOST).port(0);
    }

    /** {@code engine} (Engine.IO only) served by a started Netty front. */
    public static NettyServer serve(EngineServer engine) {
        return builder(engine).build().start();
    }

    /** The builder of {@link #serve(EngineServer)}, for a test that sets more options before it starts. */
    public static NettyServer.Builder builder(EngineServer engine) {
        return NettyServer.builder().host(HOST).port(0).engine(engine);
    }
}
