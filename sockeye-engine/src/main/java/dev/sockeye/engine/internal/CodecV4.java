package dev.sockeye.engine.internal;

import dev.sockeye.engine.EngineMessage;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.spi.OutboundFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Engine.IO protocol 4 (engine.io-parser 5): a text packet is its type digit and data, a binary message
 * is a binary frame over WebSocket and {@code b<base64>} in a polling payload, whose packets are joined
 * with {@code \x1e}.
 */
final class CodecV4 implements EngineCodec {
    static final CodecV4 INSTANCE = new CodecV4();
    /** The record separator between the packets of a payload. */
    static final char SEPARATOR = '\u001e';

    private CodecV4() {}

    @Override
    public int protocol() {
        return 4;
    }

    @Override
    public OutboundFrame encodeFrame(EngineMessage message) {
        return message.webSocketFrame();
    }

    @Override
    public EnginePacket decodeFrame(String text) throws MalformedPacketException {
        return EngineCodec.decodeText(text, false);
    }

    @Override
    public EnginePacket decodeFrame(byte[] binary) {
        return new EnginePacket(EnginePacket.Type.MESSAGE, null, binary);
    }

    @Override
    public Payload encodePayload(List<Packet> packets) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < packets.size(); i++) {
            if (i > 0) {
                b.append(SEPARATOR);
            }
            Packet packet = packets.get(i);
            if (packet instanceof Packet.Message message) {
                b.append(message.message().pollingPacket());
            } else {
                b.append(((Packet.Control) packet).text());
            }
        }
        return new Payload.Text(b.toString());
    }

    @Override
    public DecodedPayload decodePayload(byte[] body) {
        return DecodedPayload.failed("invalid content"); // binary payloads are base64 in protocol 4
    }

    @Override
    public DecodedPayload decodePayload(String payload) {
        List<EnginePacket> packets = new ArrayList<>(4);
        int start = 0;
        int length = payload.length();
        while (start <= length) {
            int end = payload.indexOf(SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            try {
                packets.add(EngineCodec.decodeText(payload.substring(start, end), false));
            } catch (MalformedPacketException e) {
                return new DecodedPayload(packets, e.getMessage());
            }
            start = end + 1;
        }
        return new DecodedPayload(packets, null);
    }
}
