package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.e2e.NodePeer;
import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * {@code sockeye.adapter=redis}: two instances of the application, each with Spring Boot's own Lettuce connection
 * factory (spring.data.redis.*) on the Redis of this machine, form one cluster: a broadcast on one reaches a
 * client of the other.
 */
class RedisAdapterSpringTest {

    @Test
    void aBroadcastOnOneInstanceReachesAClientOfTheOther() throws Exception {
        String[] properties = {
                "sockeye.adapter=redis",
                "sockeye.redis.key=spring-" + UUID.randomUUID(),
                "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=6379"};
        try (ConfigurableApplicationContext a = TestApps.start(properties);
             ConfigurableApplicationContext b = TestApps.start(properties);
             NodePeer client = NodePeer.start("socketio/client.js", Map.of(), TestApps.socketIoUrl(a), "websocket")) {
            assertThat(b.getBean(RedisConnectionFactory.class)).isInstanceOf(LettuceConnectionFactory.class);
            assertThat(b.getBean(AdapterFactory.class)).isInstanceOf(RedisAdapterFactory.class);
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"secret\"}}");
            client.awaitLine(line -> line.contains("\"event\":\"connect\""));

            // The cluster sees the client on the other instance once the subscriptions are in place.
            SocketIoServer ioB = b.getBean(SocketIoServer.class);
            Await.until("the other instance sees the client through Redis", Duration.ofSeconds(15),
                    () -> ioB.fetchSockets().join().size() == 1);
            ioB.emit("news", Map.of("from", "b"));
            assertThat(client.awaitLine(line -> line.contains("\"news\""))).contains("\"args\":[{\"from\":\"b\"}]");
        }
    }
}
