package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import dev.sockeye.core.parser.EncodedPacket;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * A socket connected to this node, as an adapter sees it. Implemented by the server's socket;
 * the adapter finds it through {@link NamespaceHost#socket(String)}.
 *
 * <p>Every method may be called from any thread (application threads, the cluster bus thread)
 * and must not block: the server queues the work where it needs to. The adapter never holds its
 * own lock while calling these methods, so {@link #join} and {@link #leave} may call back into
 * {@link Adapter#addAll} and {@link Adapter#del}.
 */
public interface LocalSocket {

    /**
     * The socket id, which is also the name of the socket's own room.
     *
     * @return the id
     */
    String id();

    /**
     * Sends a packet the adapter has already encoded. A broadcast encodes once and hands the
     * same {@link EncodedPacket} to every recipient, so the implementation must not modify it.
     *
     * @param packet     the Engine.IO messages of the packet
     * @param volatileFlag whether the packet may be dropped when the transport is not ready
     *                   to send it (the {@code volatile} flag)
     * @param compress   whether the transport may compress it (the {@code compress} flag)
     * @return true when the packet was queued for the client; false when it was dropped (a volatile
     *         packet the transport was not ready for, or a connection that is closing or over its budget)
     */
    boolean write(EncodedPacket packet, boolean volatileFlag, boolean compress);

    /**
     * Tells the socket's {@code onAnyOutgoing} listeners about a packet sent by a broadcast.
     * Called once per recipient, before {@link #write}.
     *
     * @param packet the packet as built, with the namespace set
     */
    void notifyOutgoing(Packet packet);

    /**
     * Registers the callback of a broadcast with acknowledgement for the ack id of the packet
     * about to be written. When the client answers with an ACK packet of this id, the server
     * calls {@code callback} once with the ACK data (the array of the client's arguments) and
     * forgets it. The server may forget it without calling it when the socket disconnects or
     * after {@code timeout}, since the broadcaster stops waiting then.
     *
     * @param ackId    the ack id, from {@link NamespaceHost#nextAckId()}
     * @param timeout  how long the broadcaster waits, or {@code null} when it set no timeout
     * @param callback receives the ACK data array
     */
    void registerAck(long ackId, Duration timeout, Consumer<JsonNode> callback);

    /**
     * Joins rooms, as {@code socket.join(rooms)} (which in turn calls {@link Adapter#addAll}).
     *
     * @param rooms the rooms
     */
    void join(Collection<String> rooms);

    /**
     * Leaves a room, as {@code socket.leave(room)} (which in turn calls {@link Adapter#del}).
     *
     * @param room the room
     */
    void leave(String room);

    /**
     * Disconnects the socket, as {@code socket.disconnect(close)}.
     *
     * @param close {@code true} to close the whole underlying connection, {@code false} to leave
     *              this namespace only
     */
    void disconnect(boolean close);

    /**
     * A snapshot of the socket for {@code fetchSockets()} callers on other nodes: id, handshake,
     * rooms and data, all serialisable to JSON and msgpack.
     *
     * @return the details
     */
    SocketDetails details();
}
