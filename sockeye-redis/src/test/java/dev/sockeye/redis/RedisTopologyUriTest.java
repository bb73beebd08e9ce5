package dev.sockeye.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RedisTopology} from URIs and addresses, without connecting: the scheme picks the
 * topology, Sentinel URIs are spelled as Lettuce spells them, descriptions carry no password.
 */
class RedisTopologyUriTest {

    @Test
    void aRedisUriIsOneServer() {
        RedisTopology topology = RedisTopology.fromUri("redis://:secret@10.0.0.1:6380/2");

        assertThat(topology.isCluster()).isFalse();
        assertThat(topology.isSentinel()).isFalse();
        assertThat(topology.description()).isEqualTo("redis://10.0.0.1:6380");
    }

    @Test
    void lettucesOtherOneServerSchemesStayOneServer() {
        assertThat(RedisTopology.fromUri("redis-socket:///run/redis.sock").description())
                .isEqualTo("redis-socket:///run/redis.sock");
        assertThat(RedisTopology.fromUri("redis+tls://10.0.0.1:6380").description())
                .isEqualTo("redis://10.0.0.1:6380");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis-sentinel://:secret@10.0.0.1:26379,10.0.0.2:26380#mymaster",
                "redis-sentinel://10.0.0.1:26379,10.0.0.2:26380?sentinelMasterId=mymaster"
            })
    void aSentinelUriNamesTheSentinelsAndTheMaster(String uri) {
        RedisTopology topology = RedisTopology.fromUri(uri);

        assertThat(topology.isSentinel()).isTrue();
        assertThat(topology.description()).isEqualTo("redis-sentinel://10.0.0.1:26379,10.0.0.2:26380#mymaster");
        assertThat(RedisTopology.sentinel("mymaster", "10.0.0.1:26379", "10.0.0.2:26380")
                        .description())
                .isEqualTo(topology.description());
    }

    @Test
    void aSentinelUriWithoutMasterNameIsRefused() {
        assertThatThrownBy(() -> RedisTopology.fromUri("redis-sentinel://10.0.0.1:26379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Sentinel URI (redis-sentinel://host:port[,host:port…]#masterName): "
                        + "redis-sentinel://10.0.0.1:26379");
    }

    @Test
    void aClusterUriListsItsSeedNodes() {
        RedisTopology topology = RedisTopology.fromUri("redis-cluster://:secret@10.0.0.1:7000,10.0.0.2:7001");

        assertThat(topology.isCluster()).isTrue();
        assertThat(topology.description()).isEqualTo("redis-cluster://10.0.0.1:7000,10.0.0.2:7001");
        assertThat(RedisTopology.cluster("10.0.0.1:7000", "redis://10.0.0.2:7001")
                        .description())
                .isEqualTo(topology.description());
        assertThat(topology.withTopologyRefreshPeriod(Duration.ofSeconds(5)).description())
                .isEqualTo(topology.description());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://10.0.0.1:6379", "10.0.0.1:6379", "redis+cluster://10.0.0.1:7000"})
    void anotherSchemeIsRefusedWithTheUriInTheMessage(String uri) {
        assertThatThrownBy(() -> RedisTopology.fromUri(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Redis URI (redis://, rediss://, redis-sentinel://, rediss-sentinel://, "
                        + "redis-cluster:// or rediss-cluster://): " + uri);
    }

    @Test
    void aClusterWithoutNodesIsRefused() {
        assertThatThrownBy(RedisTopology::cluster)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at least one cluster node address is needed");
        assertThatThrownBy(() -> RedisTopology.fromUri("redis-cluster://"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Redis Cluster URI: redis-cluster://");
    }
}
