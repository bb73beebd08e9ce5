package dev.sockeye.core.parser.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.adapter.internal.MsgpackTree;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.Decoder;
import java.io.IOException;
import java.util.Objects;
import org.msgpack.core.ExtensionTypeHeader;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;
import tools.jackson.databind.JsonNode;

/**
 * The decoder of socket.io-msgpack-parser 3.0.2 for one connection: each binary message is one
 * packet, a msgpack map with {@code type}, {@code nsp} and, as the type wants, {@code data} and
 * {@code id}; other keys (socket.io-client sends {@code options}) are skipped. Stateless between
 * messages.
 *
 * <p>The Node decoder's checks: the whole message is one value (no trailing bytes); {@code type} an
 * integer from 0 to 4 (the binary types 5 and 6 do not exist in this format); {@code nsp} a string
 * (here also starting with {@code /}); CONNECT data absent or a map, DISCONNECT data absent,
 * CONNECT_ERROR data a map or a string, EVENT and ACK data an array; {@code id} absent or an
 * integer. Absent includes notepack's {@code undefined} ({@code d4 00 00}, what socket.io-client
 * writes for a CONNECT without auth). On top, the rules of the JSON decoder, so that handlers see
 * the same packets whatever the format: EVENT data starts with a non-reserved event name, ACK has an
 * id, only EVENT and ACK carry one, ids are at most 2<sup>53</sup>−1, CONNECT_ERROR only comes
 * from a server. Text messages are refused. Data values are read by {@link MsgpackTree}: binary
 * (bin, and the ext type 0 a Node client writes for an {@code ArrayBuffer}) becomes binary nodes,
 * notepack's {@code undefined} inside data becomes {@code null} (as JSON would have it), a notepack
 * Date its ISO-8601 string; nesting and lengths are bounded by the message.
 */
public final class MsgpackDecoder implements Decoder {

    private static final int HIGHEST_TYPE = PacketType.CONNECT_ERROR.ordinal();

    private final boolean fromServer;

    /**
     * A decoder.
     *
     * @param fromServer {@code true} to decode what a server sends (a client's view:
     *                   CONNECT_ERROR allowed), {@code false} to decode what a client sends
     */
    public MsgpackDecoder(boolean fromServer) {
        this.fromServer = fromServer;
    }

    /**
     * Refuses a text message: this format only sends binary ones.
     *
     * @throws DecodeException always
     */
    @Override
    public Packet add(String text) throws DecodeException {
        throw new DecodeException("invalid payload: a text message where msgpack is expected");
    }

    /** {@inheritDoc} Never {@code null}: every message is a whole packet. */
    @Override
    public Packet add(byte[] data) throws DecodeException {
        Objects.requireNonNull(data, "data");
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(data)) {
            Packet packet = readPacket(in, data.length);
            if (in.hasNext()) {
                throw new DecodeException(
                        "invalid payload: " + (data.length - in.getTotalReadBytes()) + " trailing bytes");
            }
            return packet;
        } catch (IOException | RuntimeException e) {
            // msgpack-core reports truncated or malformed input as IOExceptions and runtime MessagePackExceptions
            throw new DecodeException("invalid payload: malformed msgpack (" + e.getMessage() + ")", e);
        }
    }

    /** Nothing to drop: no packet spans two messages. */
    @Override
    public void destroy() {}

    private Packet readPacket(MessageUnpacker in, long size) throws IOException, DecodeException {
        if (in.getNextFormat().getValueType() != ValueType.MAP) {
            throw new DecodeException("invalid payload: a packet is a msgpack map");
        }
        int entries = in.unpackMapHeader();
        Long type = null;
        String nsp = null;
        JsonNode data = null;
        Long id = null;
        for (int i = 0; i < entries; i++) {
            if (in.getNextFormat().getValueType() != ValueType.STRING) {
                in.skipValue(); // a key the format does not use, and its value
                in.skipValue();
                continue;
            }
            switch (in.unpackString()) {
                case "type" -> type = readInteger(in, "invalid packet type");
                case "nsp" -> {
                    if (in.getNextFormat().getValueType() != ValueType.STRING) {
                        throw new DecodeException("invalid namespace");
                    }
                    nsp = in.unpackString();
                }
                case "data" -> data = isUndefined(in, "invalid payload") ? null : MsgpackTree.read(in, size);
                case "id" -> id = readInteger(in, "invalid packet id");
                default -> in.skipValue();
            }
        }
        if (type == null || type < 0 || type > HIGHEST_TYPE) {
            throw new DecodeException("invalid packet type");
        }
        if (nsp == null || !nsp.startsWith("/")) {
            throw new DecodeException("invalid namespace");
        }
        if (id != null && (id < 0 || id > JsonDecoder.MAX_ACK_ID)) {
            throw new DecodeException("invalid packet id");
        }
        PacketType packetType = PacketType.values()[type.intValue()];
        PacketRules.check(packetType, data, id, fromServer);
        return new Packet(packetType, nsp, data, id);
    }

    /**
     * An integer ({@code Number.isInteger} in the Node decoder: an integral float counts), or
     * {@code null} for notepack's {@code undefined}.
     */
    private static Long readInteger(MessageUnpacker in, String error) throws IOException, DecodeException {
        if (isUndefined(in, error)) {
            return null;
        }
        MessageFormat format = in.getNextFormat();
        if (format.getValueType() == ValueType.INTEGER && format != MessageFormat.UINT64) {
            return in.unpackLong();
        }
        if (format.getValueType() == ValueType.FLOAT) {
            double d = in.unpackDouble();
            if (d == Math.floor(d) && Math.abs(d) <= JsonDecoder.MAX_ACK_ID) {
                return (long) d;
            }
        }
        throw new DecodeException(error); // a uint 64 is beyond any valid type or id as well
    }

    /**
     * Whether the next value is notepack's {@code undefined} (fixext 1 of type 0), which is then
     * consumed. Any other extension is refused: where a packet's fields are, Node would see an
     * {@code ArrayBuffer}, a {@code Date} or an {@code [type, Buffer]} array, none of them valid.
     */
    private static boolean isUndefined(MessageUnpacker in, String error) throws IOException, DecodeException {
        MessageFormat format = in.getNextFormat();
        if (format.getValueType() != ValueType.EXTENSION) {
            return false;
        }
        ExtensionTypeHeader header = in.unpackExtensionTypeHeader();
        if (format != MessageFormat.FIXEXT1 || header.getType() != 0) {
            throw new DecodeException(error);
        }
        in.readPayload(1);
        return true;
    }
}
