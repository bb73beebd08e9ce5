package dev.sockeye.core.parser;

import dev.sockeye.core.Packet;

/**
 * Decodes packets from one connection's Engine.IO messages. A packet may span several messages
 * ({@link JsonParser}: a binary packet's header is held until all its attachments arrived) or be
 * one message each ({@link MsgpackParser}). Not thread-safe: one decoder per connection, fed in order.
 * Any malformed input throws {@link DecodeException}; the caller then closes the connection.
 */
public interface Decoder {

    /** Feeds a text message; returns the completed packet, or {@code null} while attachments are awaited. */
    Packet add(String text) throws DecodeException;

    /** Feeds a binary message; returns the completed packet, or {@code null} while more are awaited. */
    Packet add(byte[] data) throws DecodeException;

    /** Drops a partly received packet (called when the connection closes). */
    void destroy();
}
