package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.redis.RedisAdapterFactory;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.redis.internal.RedisCluster.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The classic request types 0 (SOCKETS) and 1 (ALL_ROOMS) that older Node servers send for
 * {@code allSockets()} / {@code allRooms()}: published raw on {@code <key>-request#/#} as Node
 * does (cluster-wire.md §1.3, §1.11), each Sockeye node answers in Node's format, on the shared
 * response channel or, with {@code publishOnSpecificResponseChannel}, on the requester's own.
 */
class RedisLegacyRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RedisCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Sends a request as Node would and returns the two nodes' answers, by channel. */
    private Map<String, String> ask(RawRedis raw, String request) throws InterruptedException {
        raw.publish(cluster.prefix + "-request#/#", request.getBytes(StandardCharsets.UTF_8));
        Map<String, String> answers = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            String message = raw.next();
            int space = message.indexOf(' ');
            answers.put(message.substring(0, space), message.substring(space + 1));
        }
        return answers;
    }

    /** A node of "/" whose adapter answers requests on the requester's own response channel. */
    private StubHost addNodeAnsweringOnSpecificChannel() throws Exception {
        RedisAdapterFactory specific = RedisAdapters.createAdapter(
                RedisCluster.REDIS,
                RedisAdapterOptions.builder()
                        .key(cluster.prefix)
                        .publishOnSpecificResponseChannel(true)
                        .build());
        cluster.factories.add(specific);
        return cluster.addNode(specific, "/");
    }

    private static TreeSet<String> strings(String json, String field) {
        TreeSet<String> values = new TreeSet<>();
        JSON.readTree(json).get(field).forEach(v -> values.add(v.asString()));
        return values;
    }

    @Test
    void socketsAndAllRoomsRequestsGetNodeFormatAnswersFromEveryNode() throws Exception {
        cluster = new RedisCluster(Protocol.CLASSIC, RedisCluster.REDIS, Duration.ofSeconds(2));
        cluster.addNode("/").connect("aaaaaaaaaaaaaaaaaaaa", "room1");
        StubHost b = addNodeAnsweringOnSpecificChannel();
        b.connect("bbbbbbbbbbbbbbbbbbbb", "room1", "room2");
        b.connect("cccccccccccccccccccc");
        RawRedis raw = cluster.raw();
        String shared = cluster.prefix + "-response#/#";
        raw.psubscribe(shared + "*");
        // the requester "OcFS0G" is the raw connection: node b answers on its own channel
        String own = shared + "OcFS0G#";

        Map<String, String> rooms = ask(raw, "{\"uid\":\"OcFS0G\",\"requestId\":\"2Unnfc\",\"type\":1}");

        assertThat(rooms).containsOnlyKeys(shared, own);
        assertThat(rooms.get(shared)).startsWith("{\"requestId\":\"2Unnfc\",\"rooms\":[");
        assertThat(strings(rooms.get(shared), "rooms")).containsExactly("aaaaaaaaaaaaaaaaaaaa", "room1");
        assertThat(strings(rooms.get(own), "rooms"))
                .containsExactly("bbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccc", "room1", "room2");

        Map<String, String> inRoom1 =
                ask(raw, "{\"uid\":\"OcFS0G\",\"requestId\":\"r0\",\"type\":0,\"rooms\":[\"room1\"]}");

        assertThat(inRoom1.get(shared)).isEqualTo("{\"requestId\":\"r0\",\"sockets\":[\"aaaaaaaaaaaaaaaaaaaa\"]}");
        assertThat(inRoom1.get(own)).isEqualTo("{\"requestId\":\"r0\",\"sockets\":[\"bbbbbbbbbbbbbbbbbbbb\"]}");

        // no rooms: every socket of the node
        Map<String, String> all = ask(raw, "{\"uid\":\"OcFS0G\",\"requestId\":\"r1\",\"type\":0,\"rooms\":[]}");

        assertThat(all.get(shared)).isEqualTo("{\"requestId\":\"r1\",\"sockets\":[\"aaaaaaaaaaaaaaaaaaaa\"]}");
        assertThat(all.get(own)).startsWith("{\"requestId\":\"r1\",\"sockets\":[");
        assertThat(strings(all.get(own), "sockets")).containsExactly("bbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccc");
        assertThat(raw.received).isEmpty();
    }

    @Test
    void aRequestWithoutUidIsAnsweredOnTheSharedChannel() throws Exception {
        cluster = new RedisCluster(Protocol.CLASSIC, RedisCluster.REDIS, Duration.ofSeconds(2));
        addNodeAnsweringOnSpecificChannel().connect("bbbbbbbbbbbbbbbbbbbb", "room1");
        RawRedis raw = cluster.raw();
        raw.subscribe(cluster.prefix + "-response#/#");

        raw.publish(
                cluster.prefix + "-request#/#",
                "{\"requestId\":\"x1\",\"type\":0,\"rooms\":[\"room1\"]}".getBytes(StandardCharsets.UTF_8));

        JsonNode answer = JSON.readTree(raw.next().substring((cluster.prefix + "-response#/# ").length()));
        assertThat(answer.toString()).isEqualTo("{\"requestId\":\"x1\",\"sockets\":[\"bbbbbbbbbbbbbbbbbbbb\"]}");
    }
}
