package dev.sockeye.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

/**
 * The chat demo as a Spring Boot application: the page of {@code examples/chat/} served by Spring MVC, Socket.IO on
 * the same port through the starter ({@link ChatController}, {@link NicknameMiddleware}), and
 * {@code sockeye.adapter=redis} turning it into a cluster on the application's own Redis connection. Prints
 * {@code READY port=<port> pid=<pid>} once it listens (examples/run-spring-demo.sh).
 */
@SpringBootApplication
public class SpringChatApplication {

    /**
     * Starts the chat.
     *
     * @param args Spring Boot's arguments ({@code --server.port=8080})
     */
    public static void main(String[] args) {
        SpringApplication.run(SpringChatApplication.class, args);
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
        System.out.println(
                "READY port=" + port + " pid=" + ProcessHandle.current().pid());
    }
}
