package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.app.TestApp;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.node.NodePeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the test application with a real embedded web server (Tomcat) on a free port. */
final class TestApps {
    static final String DATA_SOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    private TestApps() {}

    /** The application with Socket.IO on a dedicated Netty port. */
    static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of("sockeye.netty.port=0", "sockeye.netty.host=127.0.0.1"));
        all.addAll(List.of(properties));
        return startOnOwnPort(all.toArray(String[]::new));
    }

    /** The application with Socket.IO on its own web server's port (the servlet front). */
    static ConfigurableApplicationContext startOnOwnPort(String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                // JDBC is on the test classpath for the PostgreSQL test only, which sets spring.datasource.url
                "spring.autoconfigure.exclude=" + DATA_SOURCE));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(TestApp.class)
                .properties(all.toArray(String[]::new))
                .run();
    }

    /** The URL Socket.IO answers on: the dedicated Netty port, or the web server's in the servlet mode. */
    static String socketIoUrl(ConfigurableApplicationContext context) {
        int netty = context.getBean(SocketIoLifecycle.class).nettyPort();
        return netty >= 0 ? "http://127.0.0.1:" + netty : webUrl(context);
    }

    /**
     * Two instances of one cluster: a client of {@code a} connects, {@code b} sees it through the adapter, and a
     * broadcast from {@code b} reaches it.
     */
    static void assertABroadcastOnOneReachesAClientOfTheOther(
            ConfigurableApplicationContext a, ConfigurableApplicationContext b) throws Exception {
        try (NodePeer client = NodePeer.start("socketio/client.js", Map.of(), socketIoUrl(a), "websocket")) {
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"secret\"}}");
            client.awaitLine(line -> line.contains("\"event\":\"connect\""));
            SocketIoServer ioB = b.getBean(SocketIoServer.class);
            Await.until(
                    "the other instance sees the client through the adapter",
                    Duration.ofSeconds(15),
                    () -> ioB.fetchSockets().join().size() == 1);
            ioB.emit("news", Map.of("from", "b"));
            assertThat(client.awaitLine(line -> line.contains("\"news\""))).contains("\"args\":[{\"from\":\"b\"}]");
        }
    }

    /** The URL of the application's own web server. */
    static String webUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
}
