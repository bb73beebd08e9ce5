package dev.sockeye.core.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Test helpers speaking WebSocket-frame strings as FIXTURE.md writes them: the Engine.IO message
 * type {@code 4} followed by the Socket.IO packet, which is what the parser reads and writes.
 */
final class Wire {

    static final ObjectMapper MAPPER = JsonParser.defaultMapper();

    private Wire() {}

    /** The Socket.IO packet inside a WebSocket text frame of an Engine.IO message. */
    static String unwrap(String frame) {
        assertThat(frame).startsWith("4");
        return frame.substring(1);
    }

    /** The WebSocket text frame carrying a Socket.IO packet. */
    /** The packet's messages as the engine sends them: a {@code String} per text message, a {@code byte[]} per binary one. */
    static List<Object> parts(EncodedPacket packet) {
        return packet.messages().stream()
                .map(message -> message.<Object>map(text -> text, bytes -> bytes))
                .toList();
    }

    static String frame(Object socketIoText) {
        assertThat(socketIoText).isInstanceOf(String.class);
        return "4" + socketIoText;
    }

    static JsonNode json(String json) {
        return MAPPER.readTree(json);
    }

    static Packet packet(PacketType type, String nsp, String json, Long id) {
        return new Packet(type, nsp, json == null ? null : json(json), id);
    }

    /** Encodes a packet that must give one text message, as a frame. */
    static String encodeFrame(Encoder encoder, Packet packet) {
        List<Object> messages = parts(encoder.encode(packet));
        assertThat(messages).hasSize(1);
        return frame(messages.get(0));
    }
}
