package dev.sockeye.core.parser;

import static dev.sockeye.core.parser.Wire.MAPPER;
import static dev.sockeye.core.parser.Wire.frame;
import static dev.sockeye.core.parser.Wire.parts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;

/** Building packet data from Java values, and finding binary in it. */
class PacketDataTest {

    record Upload(String name, byte[] content, int size) {}

    private final Encoder encoder = new JsonParser().encoder();

    @Test
    void eventDataStartsWithTheNameAndConvertsEachArgument() {
        ArrayNode data =
                PacketData.eventData(MAPPER, "chat", "hi", 1, 2L, 1.5, true, null, Map.of("k", "v"), List.of(1, 2));
        assertThat(data.toString()).isEqualTo("[\"chat\",\"hi\",1,2,1.5,true,null,{\"k\":\"v\"},[1,2]]");
        assertThat(PacketData.eventData(MAPPER, "ping").toString()).isEqualTo("[\"ping\"]");
        assertThat(PacketData.eventData(MAPPER, "ping", (Object[]) null).toString())
                .isEqualTo("[\"ping\"]");
    }

    @Test
    void recordsKeepTheirDeclarationOrder() {
        record Point(int y, int x) {}
        assertThat(encodeFrame(Packet.event("/", PacketData.eventData(MAPPER, "p", new Point(2, 1)))))
                .isEqualTo("42[\"p\",{\"y\":2,\"x\":1}]");
    }

    @Test
    void bytesAndByteBuffersBecomeAttachments() {
        ByteBuffer buf = ByteBuffer.wrap(new byte[] {9, 4, 5, 6}, 1, 3);
        ArrayNode data = PacketData.eventData(MAPPER, "file", new byte[] {1, 2, 3}, buf);
        assertThat(buf.position()).isEqualTo(1);
        List<Object> messages = parts(encoder.encode(Packet.event("/", data)));
        assertThat(frame(messages.get(0)))
                .isEqualTo("452-[\"file\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        assertThat(messages.get(1)).isEqualTo(new byte[] {1, 2, 3});
        assertThat(messages.get(2)).isEqualTo(new byte[] {4, 5, 6});
    }

    @Test
    void bytesInsideRecordsBecomeAttachments() {
        ArrayNode data = PacketData.eventData(MAPPER, "upload", new Upload("a.bin", new byte[] {7}, 1));
        assertThat(PacketData.hasBinary(data)).isTrue();
        List<Object> messages = parts(encoder.encode(Packet.event("/", data)));
        assertThat(frame(messages.get(0)))
                .isEqualTo(
                        "451-[\"upload\",{\"name\":\"a.bin\",\"content\":{\"_placeholder\":true,\"num\":0},\"size\":1}]");
        assertThat(messages.get(1)).isEqualTo(new byte[] {7});
    }

    @Test
    void ackDataIsTheArgumentArray() {
        ArrayNode data = PacketData.ackData(MAPPER, "ok", new byte[] {1});
        List<Object> messages = parts(encoder.encode(new Packet(PacketType.ACK, "/", data, 5L)));
        assertThat(frame(messages.get(0))).isEqualTo("461-5[\"ok\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(PacketData.ackData(MAPPER).toString()).isEqualTo("[]");
    }

    @Test
    void hasBinaryLooksEverywhereInTheTree() {
        assertThat(PacketData.hasBinary(null)).isFalse();
        assertThat(PacketData.hasBinary(PacketData.eventData(MAPPER, "a", Map.of("k", List.of(1, "x")))))
                .isFalse();
        assertThat(PacketData.hasBinary(PacketData.eventData(MAPPER, "a", Map.of("k", List.of(1, new byte[0])))))
                .isTrue();
        assertThat(PacketData.hasBinary(MAPPER.getNodeFactory().pojoNode(new byte[] {1})))
                .isTrue();
        assertThat(PacketData.hasBinary(MAPPER.getNodeFactory().pojoNode("text")))
                .isFalse();
    }

    @Test
    void pojoNodeWithBytesIsSentAsAnAttachment() {
        ArrayNode data = MAPPER.createArrayNode().add("a");
        data.add(MAPPER.getNodeFactory().pojoNode(new byte[] {3}));
        data.add(MAPPER.getNodeFactory().pojoNode(new Upload("n", null, 0)));
        List<Object> messages = parts(encoder.encode(Packet.event("/", data)));
        assertThat(frame(messages.get(0)))
                .isEqualTo(
                        "451-[\"a\",{\"_placeholder\":true,\"num\":0},{\"name\":\"n\",\"content\":null,\"size\":0}]");
    }

    @Test
    void reservedEventNamesMatchTheNodeParserAndExcludeError() {
        assertThat(PacketData.RESERVED_EVENTS)
                .containsExactlyInAnyOrder(
                        "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
        assertThat(PacketData.RESERVED_EVENTS).doesNotContain("error");
    }

    private String encodeFrame(Packet packet) {
        return Wire.encodeFrame(encoder, packet);
    }
}
