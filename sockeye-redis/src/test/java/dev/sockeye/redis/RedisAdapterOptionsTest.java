package dev.sockeye.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The options start from the defaults of {@code @socket.io/redis-adapter} 8.3 (cluster-wire.md
 * §1.3 and §1.4), so that a Sockeye node with default options joins a Node cluster with default
 * options.
 */
class RedisAdapterOptionsTest {

    @Test
    void classicDefaultsAreNodes() {
        RedisAdapterOptions defaults = RedisAdapterOptions.defaults();

        assertThat(defaults.key()).isEqualTo("socket.io");
        assertThat(defaults.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.publishOnSpecificResponseChannel()).isFalse();
    }

    @Test
    void shardedDefaultsAreNodes() {
        ShardedRedisAdapterOptions defaults = ShardedRedisAdapterOptions.defaults();

        assertThat(defaults.channelPrefix()).isEqualTo("socket.io");
        assertThat(defaults.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC);
        assertThat(defaults.subscriptionMode().nodeName()).isEqualTo("dynamic");
        assertThat(defaults.requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void buildersStartFromTheDefaultsAndToBuilderKeepsEveryValue() {
        RedisAdapterOptions classic = RedisAdapterOptions.builder()
                .key("chat")
                .requestsTimeout(Duration.ofMillis(1500))
                .publishOnSpecificResponseChannel(true)
                .build();
        ShardedRedisAdapterOptions sharded = ShardedRedisAdapterOptions.builder()
                .channelPrefix("chat")
                .subscriptionMode(SubscriptionMode.DYNAMIC_PRIVATE)
                .requestsTimeout(Duration.ofMillis(1500))
                .build();

        assertThat(RedisAdapterOptions.builder().build().key()).isEqualTo("socket.io");
        RedisAdapterOptions classicCopy = classic.toBuilder().build();
        assertThat(classicCopy.key()).isEqualTo("chat");
        assertThat(classicCopy.requestsTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(classicCopy.publishOnSpecificResponseChannel()).isTrue();
        ShardedRedisAdapterOptions shardedCopy = sharded.toBuilder().build();
        assertThat(shardedCopy.channelPrefix()).isEqualTo("chat");
        assertThat(shardedCopy.subscriptionMode()).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThat(shardedCopy.requestsTimeout()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void subscriptionModesHaveNodesSpelling() {
        assertThat(SubscriptionMode.STATIC.nodeName()).isEqualTo("static");
        assertThat(SubscriptionMode.DYNAMIC.nodeName()).isEqualTo("dynamic");
        assertThat(SubscriptionMode.DYNAMIC_PRIVATE.nodeName()).isEqualTo("dynamic-private");
        assertThat(SubscriptionMode.fromNodeName("dynamic-private")).isEqualTo(SubscriptionMode.DYNAMIC_PRIVATE);
        assertThatThrownBy(() -> SubscriptionMode.fromNodeName("DYNAMIC")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyPrefixesAndNonPositiveTimeoutsAreRefused() {
        assertThatThrownBy(() -> RedisAdapterOptions.builder().key("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisAdapterOptions.builder().requestsTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardedRedisAdapterOptions.builder().channelPrefix(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShardedRedisAdapterOptions.builder().requestsTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
