package dev.sockeye.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Starting and stopping the standalone engine server. */
class NettyServerLifecycleTest {

    @Test
    void closeFreesThePortAndMayBeCalledTwice() throws Exception {
        EngineServer engine = EngineServer.create(EngineOptions.builder().build());
        NettyServer server = NettyServer.builder()
                .host("127.0.0.1")
                .port(0)
                .engine(engine)
                .build()
                .start();
        int port = server.port();
        try (Socket probe = new Socket()) {
            probe.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            assertThat(probe.isConnected()).isTrue();
        }
        server.close();
        assertThatCode(server::close).doesNotThrowAnyException();
        // the port is free again: a new server can bind it
        NettyServer again = NettyServer.builder()
                .host("127.0.0.1")
                .port(port)
                .engine(engine)
                .build()
                .start();
        again.close();
        engine.close();
    }
}
