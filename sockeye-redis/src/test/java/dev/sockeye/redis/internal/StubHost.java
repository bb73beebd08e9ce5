package dev.sockeye.redis.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.adapter.StubHandshake;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.JsonParser;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A namespace of one node as an adapter sees it, without a server: sockets record what they are
 * sent in a queue (the Socket.IO packet text, binary attachments as {@code <bin:N bytes>}), acks
 * are answered by the test, server-side events land in a queue and are answered by a function.
 */
final class StubHost implements NamespaceHost {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final Encoder ENCODER = new JsonParser().encoder();

    private final String name;
    private final Map<String, StubSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    final BlockingQueue<String> serverSideEvents = new LinkedBlockingQueue<>();
    volatile Function<ArrayNode, JsonNode> serverSideAnswer = p -> JsonNodeFactory.instance.stringNode("pong");
    Adapter adapter;
    /** Connection state recovery's duration, {@code null} while recovery is off. */
    volatile Duration recovery;

    StubHost(String name) {
        this.name = name;
    }

    StubSocket connect(String id, String... rooms) {
        StubSocket socket = new StubSocket(id);
        sockets.put(id, socket);
        adapter.addAll(id, Set.of(id));
        if (rooms.length > 0) {
            socket.join(List.of(rooms));
        }
        return socket;
    }

    @Override
    public String name() {
        return name;
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
        return ackIds.incrementAndGet();
    }

    @Override
    public void onServerSideEmit(ArrayNode packet, Consumer<JsonNode> ack) {
        serverSideEvents.add(packet.toString());
        if (ack != null) {
            ack.accept(serverSideAnswer.apply(packet));
        }
    }

    @Override
    public java.util.Optional<ConnectionStateRecovery> connectionStateRecovery() {
        Duration duration = recovery;
        return duration == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(ConnectionStateRecovery.defaults().withMaxDisconnectionDuration(duration));
    }

    static String poll(BlockingQueue<String> queue) throws InterruptedException {
        return queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A connected socket. */
    final class StubSocket implements LocalSocket {

        final String id;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final Map<Long, Consumer<JsonNode>> acks = new ConcurrentHashMap<>();
        final BlockingQueue<Long> ackIdsSeen = new LinkedBlockingQueue<>();
        volatile JsonNode data = JsonNodeFactory.instance.objectNode().put("user", "u-" + "x");

        StubSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean write(EncodedPacket packet, boolean volatileFlag, boolean compress) {
            StringBuilder text = new StringBuilder();
            for (EncodedPacket.Message message : packet.messages()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(message.<String>map(t -> t, b -> "<bin:" + b.length + ">"));
            }
            received.add(text.toString());
            return true;
        }

        @Override
        public void notifyOutgoing(Packet packet) {}

        @Override
        public void registerAck(long ackId, Duration timeout, Consumer<JsonNode> callback) {
            acks.put(ackId, callback);
            ackIdsSeen.add(ackId);
        }

        /** The client answers the last broadcast with ack. */
        void answerAck(JsonNode args) throws InterruptedException {
            Long ackId = ackIdsSeen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (ackId == null) {
                throw new AssertionError("socket " + id + " got no packet asking for an ack");
            }
            acks.remove(ackId).accept(args);
        }

        @Override
        public void join(Collection<String> rooms) {
            adapter.addAll(id, rooms);
        }

        @Override
        public void leave(String room) {
            adapter.del(id, room);
        }

        @Override
        public void disconnect(boolean close) {
            received.add("disconnect close=" + close);
            adapter.delAll(id);
            sockets.remove(id);
        }

        @Override
        public SocketDetails details() {
            return new SocketDetails(id, StubHandshake.of("127.0.0.1"), adapter.socketRooms(id), data);
        }

        String next() throws InterruptedException {
            return poll(received);
        }
    }
}
