package dev.sockeye.core.parser;

import dev.sockeye.core.Packet;

/** Turns packets into Engine.IO messages. Thread-safe. */
public interface Encoder {

    /**
     * Encodes a packet. An EVENT or ACK whose data holds binary nodes goes out as BINARY_EVENT /
     * BINARY_ACK: a text header with placeholders followed by one binary message per attachment.
     */
    EncodedPacket encode(Packet packet);
}
