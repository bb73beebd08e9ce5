package dev.sockeye.core.parser;

import dev.sockeye.core.Packet;

/** Turns packets into Engine.IO messages. Thread-safe. */
public interface Encoder {

    /**
     * Encodes a packet. Packets are built as EVENT or ACK whatever their data; how binary nodes
     * travel is the format's business ({@link JsonParser}: as BINARY_EVENT / BINARY_ACK, a text
     * header with placeholders followed by one binary message per attachment;
     * {@link MsgpackParser}: inline, in the packet's one binary message).
     */
    EncodedPacket encode(Packet packet);
}
