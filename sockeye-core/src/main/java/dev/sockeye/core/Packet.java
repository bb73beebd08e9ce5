package dev.sockeye.core;

import tools.jackson.databind.JsonNode;

/**
 * One Socket.IO packet, decoded. Binary data stays inside {@code data} as Jackson binary nodes
 * ({@code BinaryNode}); the parser turns them into placeholders and attachments on the wire and
 * back. Whether an EVENT or ACK goes out as BINARY_EVENT / BINARY_ACK is the encoder's decision
 * (it looks for binary nodes), so code building packets uses EVENT and ACK.
 *
 * @param type the packet type
 * @param nsp  the namespace, {@code "/"} for the main one
 * @param data CONNECT: the auth object or {@code null}; CONNECT_ERROR: {@code {"message":…,"data":…}};
 *             EVENT / ACK: an array (event name first for EVENT); DISCONNECT: {@code null}
 * @param id   the ack id, or {@code null} when none
 */
public record Packet(PacketType type, String nsp, JsonNode data, Long id) {

    /** An EVENT packet without ack id; {@code data} is the array {@code [name, ...args]}. */
    public static Packet event(String nsp, JsonNode data) {
        return new Packet(PacketType.EVENT, nsp, data, null);
    }

    /** A copy with another ack id. */
    public Packet withId(Long newId) {
        return new Packet(type, nsp, data, newId);
    }

    /** A copy for another namespace. */
    public Packet withNsp(String newNsp) {
        return new Packet(type, newNsp, data, id);
    }
}
