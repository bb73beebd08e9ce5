package dev.sockeye.examples.spring;

import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.SocketIoLifecycle;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Tells every page "server shutting down" when the application stops, waiting up to a second for their acks, just
 * before the starter closes the server (its phase is right above {@link SocketIoLifecycle#PHASE}, so it stops first).
 */
@Component
class ShutdownNotice implements SmartLifecycle {
    private static final Duration NOTICE = Duration.ofSeconds(1);

    private final SocketIoServer io;
    private volatile boolean running;

    ShutdownNotice(SocketIoServer io) {
        this.io = io;
    }

    /** A page shows this in its log. */
    record Notice(String message) {}

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        CountDownLatch told = new CountDownLatch(1);
        io.timeout(NOTICE).emit("shutdown", (error, responses) -> told.countDown(), new Notice("server shutting down"));
        try {
            told.await(NOTICE.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SocketIoLifecycle.PHASE + 1;
    }
}
