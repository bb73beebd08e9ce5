package dev.sockeye.core.parser.internal;

import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.PacketData;
import tools.jackson.databind.JsonNode;

/**
 * What a decoded packet must look like, whatever its wire format: the checks the Node parsers make
 * (socket.io-parser's {@code isPayloadValid}, socket.io-msgpack-parser's {@code checkPacket}) and
 * the few more Sockeye makes so that no handler sees a packet the official clients never send.
 */
final class PacketRules {

    private PacketRules() {}

    /**
     * Checks a decoded packet.
     *
     * @param type       its type
     * @param data       its data, {@code null} when it has none
     * @param id         its ack id, {@code null} when it has none
     * @param fromServer whether a server sent it (a client's view: CONNECT_ERROR allowed)
     * @throws DecodeException when the packet is invalid
     */
    static void check(PacketType type, JsonNode data, Long id, boolean fromServer) throws DecodeException {
        switch (type) {
            case CONNECT -> {
                if (data != null && !data.isObject()) {
                    throw new DecodeException("invalid payload: CONNECT data must be an object");
                }
                rejectId(id);
            }
            case DISCONNECT -> {
                if (data != null) {
                    throw new DecodeException("invalid payload: DISCONNECT carries no data");
                }
                rejectId(id);
            }
            case CONNECT_ERROR -> {
                if (!fromServer) {
                    throw new DecodeException("invalid packet: CONNECT_ERROR is sent by servers only");
                }
                if (data == null || !(data.isObject() || data.isString())) {
                    throw new DecodeException("invalid payload: CONNECT_ERROR data must be an object or a string");
                }
                rejectId(id);
            }
            case EVENT, BINARY_EVENT -> checkEvent(data);
            case ACK, BINARY_ACK -> {
                if (data == null || !data.isArray()) {
                    throw new DecodeException("invalid payload: ACK data must be an array");
                }
                if (id == null) {
                    throw new DecodeException("invalid packet: ACK without id");
                }
            }
        }
    }

    private static void checkEvent(JsonNode data) throws DecodeException {
        if (data == null || !data.isArray() || data.isEmpty() || !data.get(0).isString()) {
            throw new DecodeException("invalid payload: EVENT data must be an array starting with the event name");
        }
        // Checked on both sides as the Node parser does: a server never sends these either.
        if (PacketData.RESERVED_EVENTS.contains(data.get(0).stringValue())) {
            throw new DecodeException("invalid payload: reserved event name");
        }
    }

    private static void rejectId(Long id) throws DecodeException {
        if (id != null) {
            throw new DecodeException("invalid packet: only EVENT and ACK carry an ack id");
        }
    }
}
