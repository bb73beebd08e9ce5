package dev.sockeye.spring.app;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The application the starter's tests run: its controllers and middlewares are in this package. */
@SpringBootApplication
public class TestApp {

    /** What the {@code @OnDisconnect} method saw, as {@code "<namespace> <reason>"}. */
    @Bean
    public BlockingQueue<String> disconnects() {
        return new LinkedBlockingQueue<>();
    }
}
