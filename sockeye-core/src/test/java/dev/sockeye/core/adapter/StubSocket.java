package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import dev.sockeye.core.parser.EncodedPacket;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A socket recording what an adapter did to it; join/leave/disconnect go back to the adapter as the server's do. */
public final class StubSocket implements LocalSocket {

    /** One write. */
    public record Write(EncodedPacket packet, boolean isVolatile, boolean compress) {
        public String text() {
            return ((EncodedPacket.Text) packet.messages().get(0)).text();
        }
    }

    private final String id;
    private final StubNamespace nsp;
    public final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
    public final BlockingQueue<Packet> outgoing = new LinkedBlockingQueue<>();
    public final Map<Long, Consumer<JsonNode>> acks = new ConcurrentHashMap<>();
    public final BlockingQueue<Boolean> disconnects = new LinkedBlockingQueue<>();
    public volatile JsonNode data;

    public StubSocket(String id, StubNamespace nsp) {
        this.id = id;
        this.nsp = nsp;
        this.data = JsonNodeFactory.instance.objectNode().put("user", "user-" + id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean write(EncodedPacket packet, boolean volatileFlag, boolean compress) {
        writes.add(new Write(packet, volatileFlag, compress));
        return true;
    }

    @Override
    public void notifyOutgoing(Packet packet) {
        outgoing.add(packet);
    }

    @Override
    public void registerAck(long ackId, Duration timeout, Consumer<JsonNode> callback) {
        acks.put(ackId, callback);
    }

    /** The client answers the ack of the last written packet. */
    public void answer(long ackId, JsonNode args) {
        Consumer<JsonNode> callback = acks.remove(ackId);
        if (callback == null) {
            throw new AssertionError("no ack " + ackId + " registered on " + id);
        }
        callback.accept(args);
    }

    @Override
    public void join(Collection<String> rooms) {
        nsp.adapter.addAll(id, rooms);
    }

    @Override
    public void leave(String room) {
        nsp.adapter.del(id, room);
    }

    @Override
    public void disconnect(boolean close) {
        disconnects.add(close);
        nsp.remove(id);
    }

    @Override
    public SocketDetails details() {
        return new SocketDetails(id, StubHandshake.of("localhost"), nsp.adapter.socketRooms(id), data);
    }

    public Write nextWrite() throws InterruptedException {
        return writes.poll(5, TimeUnit.SECONDS);
    }

    public Set<String> rooms() {
        return nsp.adapter.socketRooms(id);
    }
}
