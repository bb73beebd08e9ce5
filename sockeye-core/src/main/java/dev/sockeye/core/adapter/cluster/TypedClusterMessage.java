package dev.sockeye.core.adapter.cluster;

import java.util.Objects;

/**
 * One message between the nodes of a cluster as the adapters handle it: who sent it, for which
 * namespace, and what it says as a {@link ClusterPayload} record. Buses receive these from
 * {@link ClusterAdapter#doPublish} and hand them to {@link ClusterAdapter#onMessage}; each wire
 * format has one codec that maps them to and from its bytes ({@link ClusterMessageCodec} for the
 * sharded Redis adapter's JSON/MessagePack, whose tree form is {@link ClusterMessage}).
 *
 * @param uid     the sender's id (16 hex characters; {@code "emitter"} for emitters; {@code null}
 *                when the wire does not say, e.g. classic Redis responses)
 * @param nsp     the namespace, {@code "/"} for the main one
 * @param payload what the message says
 */
public record TypedClusterMessage(String uid, String nsp, ClusterPayload payload) {

    /**
     * Checks the namespace and the payload.
     *
     * @param uid     the sender's id, may be {@code null}
     * @param nsp     the namespace
     * @param payload what the message says
     */
    public TypedClusterMessage {
        Objects.requireNonNull(nsp, "nsp");
        Objects.requireNonNull(payload, "payload");
    }

    /**
     * The type of the payload.
     *
     * @return the type
     */
    public MessageType type() {
        return payload.type();
    }
}
