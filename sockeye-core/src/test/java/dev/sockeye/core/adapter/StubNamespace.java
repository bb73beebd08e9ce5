package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A namespace for adapter tests: holds stub sockets, counts encodes, records server-side emits.
 * The encoder writes {@code <type><nsp,><id><json>}, enough to tell packets apart.
 */
public final class StubNamespace implements NamespaceHost {

    private final String name;
    private final Map<String, StubSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    public final AtomicInteger encodes = new AtomicInteger();
    public final BlockingQueue<ArrayNode> serverSideEmits = new LinkedBlockingQueue<>();
    public volatile BiConsumer<ArrayNode, Consumer<JsonNode>> serverSideEmitHandler = (packet, ack) -> {};
    public Adapter adapter;
    /** Connection state recovery's duration, {@code null} while recovery is off. */
    public volatile Duration recovery;

    public StubNamespace(String name) {
        this.name = name;
    }

    /** Creates the adapter with the factory and initialises it. */
    public Adapter attach(AdapterFactory factory) {
        adapter = factory.create(this);
        adapter.init().join();
        return adapter;
    }

    /** Connects a socket: known to the host and in its own room, as the server does. */
    public StubSocket connect(String id) {
        StubSocket socket = new StubSocket(id, this);
        sockets.put(id, socket);
        adapter.addAll(id, java.util.Set.of(id));
        return socket;
    }

    public void remove(String id) {
        adapter.delAll(id);
        sockets.remove(id);
    }

    /** Forgets a socket on the host side only (simulates a race with a disconnect). */
    public void forget(String id) {
        sockets.remove(id);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Encoder encoder() {
        return packet -> {
            encodes.incrementAndGet();
            return EncodedPacket.ofText(text(packet));
        };
    }

    /** The stub encoding of a packet. */
    public static String text(Packet packet) {
        StringBuilder out = new StringBuilder().append(packet.type().code());
        if (!"/".equals(packet.nsp())) {
            out.append(packet.nsp()).append(',');
        }
        if (packet.id() != null) {
            out.append(packet.id());
        }
        if (packet.data() != null) {
            out.append(packet.data());
        }
        return out.toString();
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
        serverSideEmits.add(packet);
        serverSideEmitHandler.accept(packet, ack);
    }

    @Override
    public java.util.Optional<ConnectionStateRecovery> connectionStateRecovery() {
        Duration duration = recovery;
        return duration == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(ConnectionStateRecovery.defaults().withMaxDisconnectionDuration(duration));
    }

    public ArrayNode nextServerSideEmit() throws InterruptedException {
        return serverSideEmits.poll(5, TimeUnit.SECONDS);
    }

    public static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
