package dev.sockeye.spring;

import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.internal.ControllerRegistrar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The Socket.IO server on Spring's lifecycle. Once every singleton exists, the {@code ConnectMiddleware} beans and
 * the {@link SocketIoController} beans are wired into the server; {@link #start()} opens the dedicated Netty port
 * (in that mode); {@link #stop(Runnable)} closes the server: every client is disconnected with reason
 * {@code server shutting down}, the adapter closed, the Netty port freed. It stops before the web server and the
 * Redis or database connections (its phase is above theirs), so clients are told while everything still works.
 */
public class SocketIoLifecycle implements SmartLifecycle, SmartInitializingSingleton {
    /** Above the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}): stops first, starts last. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private static final Logger log = LoggerFactory.getLogger(SocketIoLifecycle.class);

    private final SocketIoServer io;
    private final SockeyeProperties.Netty netty;
    private final Integer nettyPort;
    private final ApplicationContext context;
    private final ControllerRegistrar registrar;
    private final AutoCloseable adapter;
    private volatile NettySocketIoServer nettyServer;
    private volatile boolean running;

    /**
     * @param io        the server
     * @param netty     the Netty settings (host, threads, drain delay)
     * @param nettyPort the dedicated Netty port to serve on, or {@code null} when another front serves the server
     * @param context   where the middleware and controller beans are found
     * @param registrar wires them into the server
     * @param adapter   the adapter factory to close after the server, or {@code null}
     */
    public SocketIoLifecycle(
            SocketIoServer io,
            SockeyeProperties.Netty netty,
            Integer nettyPort,
            ApplicationContext context,
            ControllerRegistrar registrar,
            AutoCloseable adapter) {
        this.io = Objects.requireNonNull(io, "io");
        this.netty = netty;
        this.nettyPort = nettyPort;
        this.context = context;
        this.registrar = registrar;
        this.adapter = adapter;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ConnectMiddleware> middlewares =
                context.getBeanProvider(ConnectMiddleware.class).orderedStream().toList();
        registrar.addMiddlewares(middlewares);
        Map<String, Object> controllers = context.getBeansWithAnnotation(SocketIoController.class);
        registrar.addControllers(controllers);
    }

    @Override
    public void start() {
        if (nettyPort != null) {
            nettyServer = NettySocketIoServer.builder(io)
                    .host(netty.getHost())
                    .port(nettyPort)
                    .ioThreads(netty.getIoThreads())
                    .drainDelay(netty.getDrainDelay())
                    .build()
                    .start();
            log.info(
                    "Socket.IO on {}:{}{}",
                    netty.getHost(),
                    nettyServer.port(),
                    io.options().path());
        }
        running = true;
    }

    @Override
    public void stop() {
        io.close();
        closeAdapter();
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        io.closeAsync().whenComplete((ignored, failure) -> {
            closeAdapter();
            running = false;
            callback.run();
        });
    }

    private void closeAdapter() {
        if (adapter != null) {
            try {
                adapter.close();
            } catch (Exception e) {
                log.warn("closing the Socket.IO adapter failed", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The server. */
    public SocketIoServer io() {
        return io;
    }

    /**
     * The port of the dedicated Netty server (the one it bound when {@code sockeye.netty.port} is 0).
     *
     * @return the port, or -1 when Socket.IO is not on a Netty port of its own or not started
     */
    public int nettyPort() {
        NettySocketIoServer server = nettyServer;
        return server == null ? -1 : server.port();
    }
}
