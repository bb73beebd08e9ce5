package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.redis.RedisAdapterFactory;
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
            "spring.data.redis.port=6379"
        };
        try (ConfigurableApplicationContext a = TestApps.start(properties);
                ConfigurableApplicationContext b = TestApps.start(properties)) {
            assertThat(b.getBean(RedisConnectionFactory.class)).isInstanceOf(LettuceConnectionFactory.class);
            assertThat(b.getBean(AdapterFactory.class)).isInstanceOf(RedisAdapterFactory.class);
            TestApps.assertABroadcastOnOneReachesAClientOfTheOther(a, b);
        }
    }
}
