package dev.sockeye.servlet;

import dev.sockeye.engine.EngineServer;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.servlet.internal.EngineServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Objects;

/**
 * Serves Sockeye from the servlet container the application already runs (Tomcat 11, Jetty 12 ee10,
 * or any Jakarta Servlet 6 container with Jakarta WebSocket 2.1+), on the application's own port:
 * long-polling on an asynchronous servlet, WebSocket through the container's
 * {@code ServerContainer.upgradeHttpToWebSocket} once the engine has accepted the request, and the
 * official client files ({@code <path>/socket.io.js} …) when {@link dev.sockeye.server.SocketIoOptions#serveClient()}.
 * Options, errors and limits are those of the Netty front, but for what the container decides (README,
 * "Running inside a servlet container": WebSocket compression and fragments, outbound queue bounds, when a
 * vanished polling client is noticed).
 *
 * <p>Call it while the context starts: from a {@code ServletContainerInitializer}, a
 * {@code ServletContextListener}'s {@code contextInitialized}, or Spring Boot's {@code ServletContextInitializer}.
 * The servlet is mapped to {@code <path>/*} below the context path (the path from the server's options,
 * {@code /socket.io} by default).
 *
 * <pre>{@code
 * public class SocketIoSetup implements ServletContextListener {
 *     public void contextInitialized(ServletContextEvent event) {
 *         SocketIoServer io = SocketIoServer.create();
 *         io.onConnection(socket -> socket.emit("hello", "world"));
 *         SockeyeServletFront.register(event.getServletContext(), io);
 *     }
 * }
 * }</pre>
 *
 * <p>WebSocket needs the container's WebSocket support switched on for the context (Tomcat: the
 * {@code tomcat-embed-websocket} jar; Jetty: {@code JakartaWebSocketServletContainerInitializer}); without it,
 * clients stay on long-polling and direct WebSocket requests are refused with {@code 400}. Closing the
 * Socket.IO server ({@code io.close()}) disconnects every client; the container's own lifecycle stays the
 * application's.
 */
public final class SockeyeServletFront {
    private SockeyeServletFront() {}

    /**
     * Registers a servlet serving {@code io} at its path ({@code <path>/*}) in {@code context}.
     *
     * @param context the context being initialised
     * @param io      the Socket.IO server; its {@link SocketIoServer#engine()} is created now if it was not yet
     * @return the registration, for further settings (e.g. {@code setLoadOnStartup})
     * @throws IllegalStateException when the context is already initialised, or has a servlet of the same name
     */
    public static ServletRegistration.Dynamic register(ServletContext context, SocketIoServer io) {
        Objects.requireNonNull(io, "io");
        return add(context, new EngineServlet(io.engine(), io.options().serveClient()));
    }

    /**
     * Registers a servlet serving a bare Engine.IO server at its path ({@code <path>/*}) in
     * {@code context}: no client files.
     *
     * @param context the context being initialised
     * @param engine  the Engine.IO server
     * @return the registration, for further settings
     * @throws IllegalStateException when the context is already initialised, or has a servlet of the same name
     */
    public static ServletRegistration.Dynamic register(ServletContext context, EngineServer engine) {
        Objects.requireNonNull(engine, "engine");
        return add(context, new EngineServlet(engine, false));
    }

    private static ServletRegistration.Dynamic add(ServletContext context, EngineServlet servlet) {
        Objects.requireNonNull(context, "context");
        String path = servlet.path();
        ServletRegistration.Dynamic registration = context.addServlet("sockeye:" + path, servlet);
        if (registration == null) {
            throw new IllegalStateException("a servlet named sockeye:" + path + " is already registered");
        }
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        registration.addMapping(path + "/*");
        return registration;
    }
}
