package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.adapter.AdapterTimeoutException;
import dev.sockeye.core.adapter.InMemoryAdapter;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** Generic payloads bound through {@link TypeRef}, four-argument handlers, and serverSideEmitWithAck's timeout. */
class GenericArgumentsTest extends WireTest {
    record Item(String name, int qty) {}

    /** The timeouts the adapter was asked for; its cluster never answers. */
    private final Recorder<Duration> adapterTimeouts = new Recorder<>();

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        return builder.adapter(host -> new InMemoryAdapter(host) {
                    @Override
                    public CompletableFuture<List<JsonNode>> serverSideEmitWithAck(ArrayNode packet, Duration timeout) {
                        adapterTimeouts.record(timeout == null ? Duration.ZERO : timeout);
                        return CompletableFuture.failedFuture(new AdapterTimeoutException("timeout", List.of()));
                    }
                })
                .build();
    }

    @Test
    void aListAndAMapOfRecordsBindThroughTypeRefs() {
        Recorder<Object> got = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("items", new TypeRef<List<Item>>() {}, items -> got.record(items.get(1)));
            socket.on(
                    "byId",
                    new TypeRef<Map<String, Item>>() {},
                    (byId, ack) -> ack.send(byId.get("b").qty()));
            socket.on(
                    "both",
                    new TypeRef<List<Item>>() {},
                    TypeRef.of(Integer.class),
                    (items, n, ack) -> ack.send(items.get(n).name()));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"items\",[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":2}]]");
        assertThat(got.next()).isEqualTo(new Item("b", 2)); // an Item, not a LinkedHashMap
        conn.receive("421[\"byId\",{\"a\":{\"name\":\"a\",\"qty\":1},\"b\":{\"name\":\"b\",\"qty\":7}}]");
        assertThat(conn.nextText()).isEqualTo("431[7]");
        conn.receive("422[\"both\",[{\"name\":\"x\",\"qty\":1},{\"name\":\"y\",\"qty\":2}],1]");
        assertThat(conn.nextText()).isEqualTo("432[\"y\"]");
        // a list element that is not an Item is an invalid argument, typed with its generic type
        conn.receive("423[\"items\",[{\"name\":\"a\",\"qty\":\"many\"}]]");
        assertThat(conn.nextText()).isEqualTo("433[{\"error\":\"invalid argument\",\"event\":\"items\",\"index\":0}]");
    }

    @Test
    void fourArgumentHandlersBindEachArgument() {
        Recorder<String> got = new Recorder<>();
        io.onConnection(socket -> {
            socket.on(
                    "four",
                    String.class,
                    Integer.class,
                    Boolean.class,
                    Item.class,
                    (a, b, c, d) -> got.record(a + b + c + d.name()));
            socket.on(
                    "fourAck",
                    TypeRef.of(String.class),
                    TypeRef.of(Integer.class),
                    TypeRef.of(Boolean.class),
                    new TypeRef<List<Item>>() {},
                    (a, b, c, d, ack) -> ack.send(a, b, c, d.size()));
        });
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"four\",\"s\",1,true,{\"name\":\"i\",\"qty\":0}]");
        got.assertNext("s1truei");
        conn.receive("425[\"fourAck\",\"s\",2,false,[{\"name\":\"i\",\"qty\":0}],\"fifth is ignored\"]");
        assertThat(conn.nextText()).isEqualTo("435[\"s\",2,false,1]");
    }

    @Test
    void emitWithAckBindsAGenericResponse() throws Exception {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        CompletableFuture<List<Item>> items = socket.emitWithAck("items?", new TypeRef<List<Item>>() {});
        assertThat(conn[0].nextText()).isEqualTo("421[\"items?\"]");
        conn[0].receive("431[[{\"name\":\"a\",\"qty\":3}]]");
        assertThat(items.get(5, TimeUnit.SECONDS)).containsExactly(new Item("a", 3));

        CompletableFuture<List<Map<String, Item>>> all =
                io.timeout(Duration.ofSeconds(5)).emitWithAck("map?", new TypeRef<Map<String, Item>>() {});
        String packet = conn[0].nextText();
        String ackId = packet.substring(2, packet.indexOf('['));
        conn[0].receive("43" + ackId + "[{\"k\":{\"name\":\"b\",\"qty\":4}}]");
        assertThat(all.get(5, TimeUnit.SECONDS)).containsExactly(Map.of("k", new Item("b", 4)));
    }

    @Test
    void serverSideEmitWithAckHasATimeoutOverload() {
        CompletableFuture<List<String>> answers =
                io.serverSideEmitWithAck("status", Duration.ofMillis(300), String.class, 1);
        assertThat(adapterTimeouts.next()).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> answers.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AckTimeoutException.class);

        io.of("/admin").serverSideEmitWithAck("status", String.class);
        assertThat(adapterTimeouts.next())
                .as("no timeout: the adapter's default")
                .isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> io.serverSideEmitWithAck("status", Duration.ZERO, String.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypeRefWithoutATypeArgumentIsRefused() {
        assertThatThrownBy(() -> new RawRef())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("new TypeRef<List<Item>>() { }");
    }

    @SuppressWarnings("rawtypes")
    private static final class RawRef extends TypeRef {}
}
