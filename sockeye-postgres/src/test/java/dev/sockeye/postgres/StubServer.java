package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.StubHandshake;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.testing.Await;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A Sockeye node reduced to what an adapter sees (its namespaces and their sockets), so that the
 * adapter runs against the real PostgreSQL without the server module. Sockets record what they
 * are sent, as the Engine.IO messages the server would write.
 */
final class StubServer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Encoder ENCODER = new JsonParser().encoder();

    final String name;
    final PostgresAdapterFactory factory;
    private final Map<String, Namespace> namespaces = new ConcurrentHashMap<>();

    StubServer(String name, DataSource dataSource, PostgresAdapterOptions options) {
        this(name, PostgresAdapter.factory(dataSource, options));
    }

    StubServer(String name, PostgresAdapterFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    /** The namespace, created (and its adapter initialised) on first use. */
    Namespace of(String nsp) {
        return namespaces.computeIfAbsent(nsp, n -> {
            Namespace namespace = new Namespace(n);
            namespace.adapter = factory.create(namespace);
            namespace
                    .adapter
                    .init()
                    .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
            return namespace;
        });
    }

    Namespace main() {
        return of("/");
    }

    /** Waits until every one of {@code nodes} counts them all (they found each other through the database). */
    static void awaitCluster(StubServer... nodes) {
        Await.until(
                nodes.length + " nodes",
                WAIT,
                () -> Arrays.stream(nodes).allMatch(node -> node.serverCount() == nodes.length));
    }

    int serverCount() {
        return main().adapter.serverCount().join();
    }

    @Override
    public void close() {
        for (Namespace namespace : namespaces.values()) {
            namespace
                    .adapter
                    .close()
                    .orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .join();
        }
        factory.close();
    }

    /** Closes the database side only, without saying goodbye: the node just vanishes. */
    void crash() {
        factory.close();
    }

    /** One namespace of the node. */
    final class Namespace implements NamespaceHost {

        private final String nsp;
        Adapter adapter;
        private final AtomicLong ackIds = new AtomicLong();
        private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
        /** The server-side events received from other nodes. */
        final BlockingQueue<ArrayNode> serverSideEvents = new LinkedBlockingQueue<>();
        /** How this node answers server-side events sent with an ack. */
        volatile Function<ArrayNode, JsonNode> serverSideAnswer =
                packet -> JsonNodeFactory.instance.stringNode("pong-" + name);

        Namespace(String nsp) {
            this.nsp = nsp;
        }

        Socket connect(String... rooms) {
            Socket socket = new Socket(this, randomSocketId());
            sockets.put(socket.id, socket);
            adapter.addAll(socket.id, java.util.List.of(socket.id));
            socket.join(java.util.List.of(rooms));
            return socket;
        }

        @Override
        public String name() {
            return nsp;
        }

        @Override
        public Encoder encoder() {
            return ENCODER;
        }

        @Override
        public LocalSocket socket(String id) {
            return sockets.get(id);
        }

        @Override
        public long nextAckId() {
            return ackIds.getAndIncrement();
        }

        @Override
        public void onServerSideEmit(ArrayNode packet, Consumer<JsonNode> ack) {
            serverSideEvents.add(packet);
            if (ack != null) {
                ack.accept(serverSideAnswer.apply(packet));
            }
        }

        void broadcastEvent(dev.sockeye.core.adapter.BroadcastOptions opts, Object... eventAndArgs) {
            adapter.broadcast(Packet.event(nsp, Json.array(eventAndArgs)), opts);
        }
    }

    /** A connected socket: records the messages it is sent and the acks it is asked for. */
    final class Socket implements LocalSocket {

        final String id;
        private final Namespace namespace;
        final BlockingQueue<EncodedPacket.Message> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> disconnects = new LinkedBlockingQueue<>();
        private final Map<Long, Consumer<JsonNode>> acks = new ConcurrentHashMap<>();
        volatile JsonNode data = JsonNodeFactory.instance.objectNode().put("user", "u");

        Socket(Namespace namespace, String id) {
            this.namespace = namespace;
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean write(EncodedPacket packet, boolean volatileFlag, boolean compress) {
            received.addAll(packet.messages());
            return true;
        }

        @Override
        public void notifyOutgoing(Packet packet) {}

        @Override
        public void registerAck(long ackId, Duration timeout, Consumer<JsonNode> callback) {
            acks.put(ackId, callback);
        }

        @Override
        public void join(Collection<String> rooms) {
            namespace.adapter.addAll(id, rooms);
        }

        @Override
        public void leave(String room) {
            namespace.adapter.del(id, room);
        }

        @Override
        public void disconnect(boolean close) {
            namespace.sockets.remove(id);
            namespace.adapter.delAll(id);
            disconnects.add(close);
        }

        @Override
        public SocketDetails details() {
            return new SocketDetails(id, StubHandshake.of("localhost"), namespace.adapter.socketRooms(id), data);
        }

        /** The next text message, failing after {@link #WAIT}. */
        String nextText() throws InterruptedException {
            EncodedPacket.Message message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("message to %s on %s", id, name).isInstanceOf(EncodedPacket.Text.class);
            return ((EncodedPacket.Text) message).text();
        }

        byte[] nextBinary() throws InterruptedException {
            EncodedPacket.Message message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("binary message to %s on %s", id, name).isInstanceOf(EncodedPacket.Binary.class);
            return ((EncodedPacket.Binary) message).bytes();
        }

        /** Answers every pending broadcast with ack, as the client would; returns how many. */
        int ackPending(Object answer) {
            int n = 0;
            for (Long ackId : java.util.List.copyOf(acks.keySet())) {
                Consumer<JsonNode> callback = acks.remove(ackId);
                if (callback != null) {
                    callback.accept(Json.array(answer));
                    n++;
                }
            }
            return n;
        }
    }

    static String randomSocketId() {
        byte[] bytes = new byte[15];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
