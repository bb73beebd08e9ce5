package dev.sockeye.core.parser;

/**
 * A Socket.IO wire format (Node's {@code parser} option): an encoder shared by every connection
 * and one decoder per connection. The default is {@link JsonParser}; a msgpack parser can plug in.
 */
public interface Parser {

    /** The encoder; thread-safe, shared. */
    Encoder encoder();

    /** A new decoder for one connection; not thread-safe. */
    Decoder newDecoder();
}
