package dev.sockeye.core.adapter;

import dev.sockeye.core.parser.Encoder;
import java.util.Optional;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The namespace, as its adapter sees it. Implemented by the server (one per namespace) so that
 * adapters never import the server; the adapter gets it from {@link AdapterFactory#create}.
 *
 * <p>Methods may be called from any thread, including a cluster bus thread, and must not block.
 */
public interface NamespaceHost {

    /**
     * The namespace name, {@code "/"} for the main namespace.
     *
     * @return the name
     */
    String name();

    /**
     * The server's encoder (the configured parser's), used to encode a broadcast once.
     *
     * @return the encoder
     */
    Encoder encoder();

    /**
     * The socket of this node with this id, connected to this namespace.
     *
     * @param id the socket id
     * @return the socket, or {@code null} when there is none (e.g. it just disconnected)
     */
    LocalSocket socket(String id);

    /**
     * Runs the writes of one broadcast to this node's sockets ({@link LocalSocket#write} for each recipient), so that
     * the server can hand them to the connections' I/O threads together: one hand-off per I/O thread rather than one
     * per recipient. Every write still says at once whether it was taken, and each socket's packets keep their order.
     * Calls nest: the writes of a {@code deliver} made inside another one's (of any namespace of the server) are
     * handed off with the outer one's, so an adapter may run the handling of several messages inside one call. The
     * default runs {@code writes} at once.
     *
     * @param writes the broadcast's loop over its recipients, or the handling of several messages; must not block
     */
    default void deliver(Runnable writes) {
        writes.run();
    }

    /**
     * A fresh ack id from the namespace's counter, the one {@code socket.emit} with an ack also
     * uses, so that ids of broadcasts and of direct emits never collide on a socket.
     *
     * @return the next ack id
     */
    long nextAckId();

    /**
     * Delivers a {@code serverSideEmit} sent by another node to this namespace's listeners.
     * The server refuses reserved event names ({@code connect}, {@code connection},
     * {@code new_namespace}) by ignoring the message.
     *
     * @param packet the event name followed by its arguments, {@code ["event", ...args]}
     * @param ack    when the sender wants an answer: called at most once with the first argument
     *               of the listener's answer (the only one forwarded across nodes), or
     *               {@code null} when no answer is wanted
     */
    void onServerSideEmit(ArrayNode packet, Consumer<JsonNode> ack);

    /**
     * The server's connection state recovery options, empty when recovery is off. An adapter that
     * keeps sessions reads its {@code maxDisconnectionDuration} here (Node's adapters read
     * {@code server.opts.connectionStateRecovery}).
     *
     * @return the options, or empty
     */
    default Optional<ConnectionStateRecovery> connectionStateRecovery() {
        return Optional.empty();
    }

    /**
     * What watches this namespace's adapter (metrics, an admin view). Adapters call it for what
     * they do; they read the clock for it only when it is not {@link AdapterObserver#NONE}.
     * Called often: it must be a field read.
     *
     * @return the observer, {@link AdapterObserver#NONE} by default
     */
    default AdapterObserver adapterObserver() {
        return AdapterObserver.NONE;
    }
}
