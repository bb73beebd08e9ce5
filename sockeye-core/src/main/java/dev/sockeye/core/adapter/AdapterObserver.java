package dev.sockeye.core.adapter;

import dev.sockeye.core.adapter.cluster.MessageType;

/**
 * Watches what a namespace's adapter does, for metrics or an admin view. The adapter finds it
 * through {@link NamespaceHost#adapterObserver()}; the server supplies the observers its
 * application installed, and {@link #NONE} when there is none.
 *
 * <p>Every method has an empty default, so an implementation overrides what it counts. Methods are
 * called on whatever thread the adapter runs (application threads, the bus's subscriber thread,
 * timers), must be fast, must not block and should not throw (a thrown exception is not caught
 * by every caller). Adapters report nothing costly unless an observer other than {@link #NONE}
 * is installed: they read the clock only then.
 */
public interface AdapterObserver {

    /** The observer that watches nothing: the default. */
    AdapterObserver NONE = new AdapterObserver() {};

    /**
     * A broadcast (from this node or from another node of the cluster) was written to the
     * sockets of this node that it targets.
     *
     * @param namespace  the namespace name
     * @param recipients how many local sockets it was written to (0 when none matched)
     */
    default void onBroadcastDelivered(String namespace, int recipients) {}

    /**
     * A cluster adapter handed a message to its bus (a request, a response, a heartbeat).
     *
     * @param namespace the namespace name
     * @param type      the message type
     */
    default void onClusterPublish(String namespace, MessageType type) {}

    /**
     * Publishing a cluster message failed (the bus refused it or is unreachable).
     *
     * @param namespace the namespace name
     * @param type      the message type
     * @param error     the cause
     */
    default void onClusterPublishError(String namespace, MessageType type, Throwable error) {}

    /**
     * A cluster adapter received a message of this namespace from another node (its own messages
     * and other namespaces' are not counted).
     *
     * @param namespace the namespace name
     * @param type      the message type
     */
    default void onClusterReceive(String namespace, MessageType type) {}

    /**
     * A received cluster message was malformed and dropped.
     *
     * @param namespace the namespace name
     * @param error     what was wrong with it
     */
    default void onClusterReceiveError(String namespace, Throwable error) {}

    /**
     * A request to the other nodes ({@code fetchSockets}, {@code serverSideEmitWithAck}) ended.
     *
     * @param namespace   the namespace name
     * @param type        the request type ({@link MessageType#FETCH_SOCKETS} or {@link MessageType#SERVER_SIDE_EMIT})
     * @param elapsedNanos how long it took, from publishing to its end
     * @param timedOut    whether it ended by its timeout (with the answers received so far) rather
     *                    than by every awaited answer
     */
    default void onClusterRequest(String namespace, MessageType type, long elapsedNanos, boolean timedOut) {}
}
