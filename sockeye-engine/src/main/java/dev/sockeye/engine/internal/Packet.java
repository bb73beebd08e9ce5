package dev.sockeye.engine.internal;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;

/**
 * An outbound Engine.IO packet as a transport queues it: a message of the application, or a control
 * packet the engine makes (open, close, ping, pong, noop). The codec of the session's protocol turns
 * it into bytes.
 */
sealed interface Packet {
    /** {@code 1}. */
    Control CLOSE = new Control(EnginePacket.Type.CLOSE, null);
    /** {@code 2}. */
    Control PING = new Control(EnginePacket.Type.PING, null);
    /** {@code 3}: a protocol v3 server's answer to its client's ping. */
    Control PONG = new Control(EnginePacket.Type.PONG, null);
    /** {@code 3probe}: the answer to an upgrade probe. */
    Control PONG_PROBE = new Control(EnginePacket.Type.PONG, "probe");
    /** {@code 6}. */
    Control NOOP = new Control(EnginePacket.Type.NOOP, null);

    /** A message (packet type 4), text or binary. */
    record Message(EngineMessage message) implements Packet {}

    /**
     * A packet of the engine's own.
     *
     * @param data the text after the type digit ({@code "probe"}, the open packet's JSON), or {@code null}
     */
    record Control(EnginePacket.Type type, String data) implements Packet {
        public Control {
            if (type == EnginePacket.Type.MESSAGE) {
                throw new IllegalArgumentException("a message is a Packet.Message");
            }
        }

        /** The open packet with its handshake JSON. */
        static Control open(String json) {
            return new Control(EnginePacket.Type.OPEN, json);
        }

        /** The packet as text: the type digit, then the data. */
        String text() {
            return data == null ? String.valueOf(type.code()) : type.code() + data;
        }
    }
}
