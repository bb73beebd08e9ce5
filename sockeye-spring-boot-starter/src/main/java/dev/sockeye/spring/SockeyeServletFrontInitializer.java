package dev.sockeye.spring;

import dev.sockeye.server.SocketIoServer;
import dev.sockeye.servlet.SockeyeServletFront;
import jakarta.servlet.ServletContext;
import org.springframework.boot.web.servlet.ServletContextInitializer;

/**
 * Maps the servlet front ({@code sockeye-servlet}) at {@code <sockeye.path>/*} of the application's embedded
 * servlet container, so Socket.IO is served on the application's own port beside its controllers: long-polling on
 * an asynchronous servlet, WebSocket through the container's WebSocket support.
 */
public class SockeyeServletFrontInitializer implements ServletContextInitializer {
    private final SocketIoServer io;

    /**
     * @param io the server to serve
     */
    public SockeyeServletFrontInitializer(SocketIoServer io) {
        this.io = io;
    }

    @Override
    public void onStartup(ServletContext servletContext) {
        SockeyeServletFront.register(servletContext, io);
    }
}
