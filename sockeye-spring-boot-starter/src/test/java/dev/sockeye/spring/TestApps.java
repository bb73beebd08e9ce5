package dev.sockeye.spring;

import dev.sockeye.spring.app.TestApp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the test application with a real embedded web server and Socket.IO on Netty, both on free ports. */
final class TestApps {

    private TestApps() {
    }

    static ConfigurableApplicationContext start(String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                "server.address=127.0.0.1",
                "sockeye.netty.port=0",
                "sockeye.netty.host=127.0.0.1",
                "spring.main.banner-mode=off"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(TestApp.class).properties(all.toArray(String[]::new)).run();
    }

    /** The URL of the application's Socket.IO port (the dedicated Netty one). */
    static String socketIoUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getBean(SocketIoLifecycle.class).nettyPort();
    }

    /** The URL of the application's own web server. */
    static String webUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }
}
