package dev.sockeye.core.adapter.cluster;

import tools.jackson.databind.JsonNode;

/**
 * One message between the nodes of a cluster in tree form, as Node shapes it: Node's
 * {@code ClusterMessage} / {@code ClusterResponse}, {@code {uid, nsp, type, data?}}. The
 * {@code data} tree holds binary values as Jackson binary nodes; {@link ClusterMessageCodec} puts
 * it on the wire and maps it to and from the {@link TypedClusterMessage} the adapters handle.
 *
 * @param uid  the sender's id (16 hex characters; {@code "emitter"} for emitters; may be
 *             {@code null} when absent on the wire)
 * @param nsp  the namespace, {@code "/"} for the main one (may be {@code null} when absent:
 *             the bus-specific adapter then knows it from the channel)
 * @param type the wire type number, kept even when unknown ({@link MessageType#fromCode})
 * @param data the payload, {@code null} for heartbeats
 */
public record ClusterMessage(String uid, String nsp, int type, JsonNode data) {

    /**
     * The type, when known.
     *
     * @return the type or {@code null}
     */
    public MessageType messageType() {
        return MessageType.fromCode(type);
    }

    /**
     * A copy for another namespace (for buses that carry the namespace out of band).
     *
     * @param newNsp the namespace
     * @return the copy
     */
    public ClusterMessage withNsp(String newNsp) {
        return new ClusterMessage(uid, newNsp, type, data);
    }
}
