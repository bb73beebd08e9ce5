package dev.sockeye.spring;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code sockeye} component of Actuator's health endpoint: UP with the number of open connections and of
 * namespaces while the server serves, DOWN once it is stopped (during a graceful shutdown, for example).
 */
public class SockeyeHealthIndicator extends AbstractHealthIndicator {
    private final SocketIoLifecycle lifecycle;

    /**
     * @param lifecycle the server's lifecycle
     */
    public SockeyeHealthIndicator(SocketIoLifecycle lifecycle) {
        super("Socket.IO health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (!lifecycle.isRunning()) {
            builder.down().withDetail("reason", "not serving");
            return;
        }
        builder.up()
                .withDetail("connections", lifecycle.io().engine().clientsCount())
                .withDetail("namespaces", lifecycle.io().namespaces().size());
        if (lifecycle.nettyPort() >= 0) {
            builder.withDetail("front", "netty").withDetail("port", lifecycle.nettyPort());
        } else {
            builder.withDetail("front", "servlet");
        }
    }
}
