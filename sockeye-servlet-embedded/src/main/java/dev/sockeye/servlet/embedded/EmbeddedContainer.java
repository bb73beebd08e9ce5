package dev.sockeye.servlet.embedded;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded servlet container (Tomcat 11 or Jetty 12 ee10) with WebSocket support, one context at
 * {@code /} set up by a callback while it starts (where {@code SockeyeServletFront.register} goes):
 * what the servlet front's tests, the e2e tests, the conformance fixture and the bench server run the servlet
 * front in. Not published.
 */
public final class EmbeddedContainer implements AutoCloseable {
    /** The containers there are. */
    public enum Kind {
        TOMCAT,
        JETTY;

        /**
         * The kind named {@code name}, in any case.
         *
         * @param name {@code tomcat} or {@code jetty}
         * @return the kind
         * @throws IllegalArgumentException for another name
         */
        public static Kind of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private final Kind kind;
    private final AutoCloseable stop;
    private final int port;

    private EmbeddedContainer(Kind kind, AutoCloseable stop, int port) {
        this.kind = kind;
        this.stop = stop;
        this.port = port;
    }

    /**
     * Starts a container listening on {@code host:port} (0: any free port).
     *
     * @param kind  which container
     * @param host  the address to bind
     * @param port  the port, 0 for any
     * @param setup called with the context while it starts
     * @return the started container
     */
    public static EmbeddedContainer start(Kind kind, String host, int port, Consumer<ServletContext> setup) {
        try {
            return kind == Kind.TOMCAT ? startTomcat(host, port, setup) : startJetty(host, port, setup);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + kind + " on " + host + ":" + port, e);
        }
    }

    private static EmbeddedContainer startTomcat(String host, int port, Consumer<ServletContext> setup)
            throws LifecycleException {
        Tomcat tomcat = new Tomcat();
        Path base;
        try {
            base = Files.createTempDirectory("sockeye-tomcat");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", host);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        context.addServletContainerInitializer(new WsSci(), null); // WebSocket support, first
        context.addServletContainerInitializer((classes, servletContext) -> setup.accept(servletContext), null);
        tomcat.start();
        return new EmbeddedContainer(
                Kind.TOMCAT,
                () -> {
                    tomcat.stop();
                    tomcat.destroy();
                },
                connector.getLocalPort());
    }

    private static EmbeddedContainer startJetty(String host, int port, Consumer<ServletContext> setup)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        JakartaWebSocketServletContainerInitializer.configure(context, null); // WebSocket support
        context.addEventListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                setup.accept(event.getServletContext());
            }
        });
        server.setHandler(context);
        server.start();
        return new EmbeddedContainer(Kind.JETTY, server::stop, connector.getLocalPort());
    }

    /** Which container this is. */
    public Kind kind() {
        return kind;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return port;
    }

    /** Stops the container: every connection closed, the port freed. */
    @Override
    public void close() {
        try {
            stop.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop " + kind, e);
        }
    }
}
