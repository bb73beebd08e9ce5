package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.internal.ControllerRegistrar;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.support.StaticApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/** The health component follows the lifecycle: DOWN before the start, UP with the Netty port, DOWN once stopped. */
class SockeyeHealthIndicatorTest {

    @Test
    void theHealthFollowsTheLifecycle() {
        SocketIoServer io = SocketIoServer.create();
        SockeyeProperties.Netty netty = new SockeyeProperties.Netty();
        netty.setHost("127.0.0.1");
        SocketIoLifecycle lifecycle = new SocketIoLifecycle(
                io,
                netty,
                0,
                new StaticApplicationContext(),
                new ControllerRegistrar(io, JsonMapper.builder().build()),
                null);
        SockeyeHealthIndicator indicator = new SockeyeHealthIndicator(lifecycle);
        try {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

            lifecycle.start();
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails())
                    .containsEntry("front", "netty")
                    .containsEntry("port", lifecycle.nettyPort())
                    .containsEntry("connections", 0);

            lifecycle.stop();
            assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            io.close();
        }
    }
}
