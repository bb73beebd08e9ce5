package dev.sockeye.core.parser;

import dev.sockeye.core.parser.internal.MsgpackDecoder;
import dev.sockeye.core.parser.internal.MsgpackEncoder;
import java.util.Objects;
import tools.jackson.databind.ObjectMapper;

/**
 * The wire format of the npm package {@code socket.io-msgpack-parser} 3.0.2, for clients created
 * with {@code io(url, {parser: require("socket.io-msgpack-parser")})} or the served
 * {@code socket.io.msgpack.min.js} bundle. Each packet is one binary message: the MessagePack map
 * {@code {type, data, nsp, id}} as notepack.io 2.2 writes it, binary data inline (no attachments).
 * Every client of a server speaks the same format: set it with
 * {@code SocketIoServer.builder().parser(new MsgpackParser())}.
 *
 * <pre>{@code
 * MsgpackParser parser = new MsgpackParser();
 * EncodedPacket out = parser.encoder().encode(Packet.event("/", PacketData.eventData(parser.mapper(), "hi", new byte[] {1})));
 * // one byte[]: 83 a4 "type" 02 a4 "data" 92 a2 "hi" c4 01 01 a3 "nsp" a1 "/"
 * Packet in = parser.newDecoder().add(out.binary());   // EVENT on "/", data ["hi", <binary 01>]
 * }</pre>
 *
 * <p>The encoder writes what a Node.js server with this parser writes, byte for byte (see
 * {@link dev.sockeye.core.parser.internal.MsgpackEncoder} for the exceptions). The decoder is as
 * strict as the Node one and as {@link JsonParser} (see
 * {@link dev.sockeye.core.parser.internal.MsgpackDecoder}); malformed input is a
 * {@link DecodeException}, and the server closes that connection. Thread-safe; the encoder is
 * shared, decoders are per connection.
 */
public final class MsgpackParser implements Parser {

    private final ObjectMapper mapper;
    private final Encoder encoder;

    /** A parser converting objects in packet data with {@link JsonParser#defaultMapper()}. */
    public MsgpackParser() {
        this(JsonParser.defaultMapper());
    }

    /**
     * A parser with another mapper.
     *
     * @param mapper converts objects held in packet data as {@code POJONode}s (the server
     *               converts emitted values with its own mapper before they reach the parser)
     */
    public MsgpackParser(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.encoder = new MsgpackEncoder(mapper);
    }

    /**
     * The mapper this parser converts objects with.
     *
     * @return the mapper
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@inheritDoc} */
    @Override
    public Encoder encoder() {
        return encoder;
    }

    /**
     * A decoder for what a client sends (the server's side).
     *
     * @return a new decoder, for one connection
     */
    @Override
    public Decoder newDecoder() {
        return new MsgpackDecoder(false);
    }

    /**
     * A decoder for what a server sends, for Java clients and tests: as {@link #newDecoder()} but
     * CONNECT_ERROR packets are accepted.
     *
     * @return a new decoder, for one connection
     */
    public Decoder newClientDecoder() {
        return new MsgpackDecoder(true);
    }
}
