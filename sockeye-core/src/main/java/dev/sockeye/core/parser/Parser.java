package dev.sockeye.core.parser;

/**
 * A Socket.IO wire format (Node's {@code parser} option): an encoder shared by every connection
 * and one decoder per connection. The default is {@link JsonParser}; {@link MsgpackParser} is the
 * format of {@code socket.io-msgpack-parser}. Every client of a server must use the server's format
 * (as with Node, the format is not negotiated).
 */
public interface Parser {

    /** The encoder; thread-safe, shared. */
    Encoder encoder();

    /** A new decoder for one connection; not thread-safe. */
    Decoder newDecoder();
}
