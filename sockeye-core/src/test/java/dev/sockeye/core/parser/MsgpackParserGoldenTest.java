package dev.sockeye.core.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bytes npm {@code socket.io-msgpack-parser} 3.0.2 writes ({@code msgpack-vectors.txt}, made by
 * {@code e2e/node/msgpack/vectors.js}; e2e's MsgpackVectorsTest checks the file is that script's
 * output): Sockeye decodes every vector to the expected packet and encodes each packet a server
 * sends to the very same bytes.
 */
class MsgpackParserGoldenTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String SID = "Nq3aZ8k1xYw0-Lb_Tp9Q";
    private static final Map<String, byte[]> VECTORS = load();

    private final MsgpackParser parser = new MsgpackParser();

    private static Map<String, byte[]> load() {
        try (InputStream in = MsgpackParserGoldenTest.class.getResourceAsStream("msgpack-vectors.txt")) {
            Map<String, byte[]> vectors = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                String[] parts = line.split(" ");
                vectors.put(parts[0], HexFormat.of().parseHex(parts[1]));
            }
            return vectors;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String json) {
        return Wire.json(json);
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static ArrayNode array(Object... elements) {
        ArrayNode array = NODES.arrayNode();
        for (Object e : elements) {
            array.add(PacketData.toNode(Wire.MAPPER, e));
        }
        return array;
    }

    private static ObjectNode numberedKeys(int count) {
        ObjectNode object = NODES.objectNode();
        IntStream.range(0, count).forEach(i -> object.put("k" + i, i));
        return object;
    }

    /** What each vector decodes to; the server's ones also encode back to it. */
    private static Packet expected(String name) {
        return switch (name) {
            case "server-connect" -> new Packet(PacketType.CONNECT, "/", json("{\"sid\":\"" + SID + "\"}"), null);
            case "server-connect-admin" ->
                new Packet(PacketType.CONNECT, "/admin", json("{\"sid\":\"" + SID + "\"}"), null);
            case "server-event" -> Packet.event("/", json("[\"news\",\"hello\"]"));
            case "server-event-nested-binary" -> {
                ObjectNode nested = (ObjectNode) json("{\"a\":1,\"list\":[true,false,null,2.5,-3,\"é€😀\"]}");
                nested.put("bin", new byte[] {1, 2, 3});
                yield Packet.event("/", array("nested", nested, new byte[0], new byte[] {(byte) 255}));
            }
            case "server-event-ack-id" -> new Packet(PacketType.EVENT, "/chat", json("[\"question\",{\"q\":42}]"), 7L);
            case "server-ack" -> new Packet(PacketType.ACK, "/", array("answer", new byte[] {9, 8, 7}), 12L);
            case "server-ack-empty" -> new Packet(PacketType.ACK, "/admin", json("[]"), 0L);
            case "server-connect-error-data" ->
                new Packet(
                        PacketType.CONNECT_ERROR,
                        "/",
                        json("{\"message\":\"not authorized\",\"data\":{\"code\":401,\"retry\":false}}"),
                        null);
            case "server-connect-error-invalid-namespace" ->
                new Packet(PacketType.CONNECT_ERROR, "/nowhere", json("{\"message\":\"Invalid namespace\"}"), null);
            case "server-disconnect" -> new Packet(PacketType.DISCONNECT, "/", null, null);
            case "server-disconnect-admin" -> new Packet(PacketType.DISCONNECT, "/admin", null, null);
            case "server-integers" ->
                Packet.event(
                        "/",
                        json("[\"ints\",0,127,128,255,256,65535,65536,4294967295,"
                                + "4294967296,9007199254740991,1152921504606846976,9223372036854775808,18446744073709549568,"
                                + "-1,-32,-33,-128,-129,-32768,-32769,-2147483648,-2147483649,-9007199254740991,"
                                + "-9223372036854775808]"));
            // -0 is written as the integer 0
            case "server-floats" -> Packet.event("/", json("[\"floats\",0.1,-2.5,0,4.9E-324,123456.789]"));
            case "server-strings" ->
                Packet.event(
                        "/",
                        array(
                                "strings",
                                "",
                                "x".repeat(31),
                                "x".repeat(32),
                                "x".repeat(255),
                                "x".repeat(256),
                                "é".repeat(16),
                                "x".repeat(65536)));
            case "server-buffers" -> Packet.event("/", array("buffers", bytes(255, 1), bytes(256, 2), bytes(65536, 3)));
            case "server-containers" ->
                Packet.event(
                        "/",
                        array(
                                "containers",
                                json(Arrays.toString(IntStream.range(0, 15).toArray())),
                                json(Arrays.toString(IntStream.range(0, 16).toArray())),
                                numberedKeys(15),
                                numberedKeys(16),
                                NODES.objectNode()));
            // notepack's undefined: an absent auth, and null inside data
            case "client-connect" -> new Packet(PacketType.CONNECT, "/", null, null);
            case "client-connect-auth" ->
                new Packet(PacketType.CONNECT, "/admin", json("{\"token\":\"abc\",\"n\":1}"), null);
            case "client-event" -> Packet.event("/", json("[\"chat\",\"hi\"]"));
            case "client-event-ack-binary" -> {
                // a Buffer is bin, an ArrayBuffer notepack's ext type 0: both binary
                ObjectNode upload = NODES.objectNode().put("name", "f");
                upload.set("parts", array(new byte[] {1, 2}, new byte[] {3, 4}));
                yield new Packet(PacketType.EVENT, "/chat", array("upload", upload, null), 3L);
            }
            case "client-ack" -> new Packet(PacketType.ACK, "/", json("[\"done\",1.5,null]"), 5L);
            case "client-disconnect" -> new Packet(PacketType.DISCONNECT, "/admin", null, null);
            default -> throw new AssertionError("no expectation for vector " + name);
        };
    }

    @Test
    void everyVectorHasAnExpectation() {
        assertThat(VECTORS).hasSize(23);
        VECTORS.keySet().stream()
                .filter(name -> !name.equals("server-integral-beyond-64-bits"))
                .forEach(MsgpackParserGoldenTest::expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "server-connect",
                "server-connect-admin",
                "server-event",
                "server-event-nested-binary",
                "server-event-ack-id",
                "server-ack",
                "server-ack-empty",
                "server-connect-error-data",
                "server-connect-error-invalid-namespace",
                "server-disconnect",
                "server-disconnect-admin",
                "server-integers",
                "server-floats",
                "server-strings",
                "server-buffers",
                "server-containers"
            })
    void whatANodeServerSendsDecodesAndEncodesToTheSameBytes(String name) throws DecodeException {
        byte[] wire = VECTORS.get(name);
        Packet packet = expected(name);
        assertThat(parser.newClientDecoder().add(wire)).isEqualTo(packet);
        assertThat(HexFormat.of().formatHex(parser.encoder().encode(packet).binary()))
                .isEqualTo(HexFormat.of().formatHex(wire));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "client-connect",
                "client-connect-auth",
                "client-event",
                "client-event-ack-binary",
                "client-ack",
                "client-disconnect"
            })
    void whatSocketIoClientSendsDecodes(String name) throws DecodeException {
        Packet packet = parser.newDecoder().add(VECTORS.get(name));
        assertThat(packet).isEqualTo(expected(name));
        // and what Sockeye writes for it decodes the same (keys in the server's order, no "options")
        assertThat(parser.newClientDecoder().add(parser.encoder().encode(packet).binary()))
                .isEqualTo(packet);
    }

    @Test
    void integralNumbersBeyond64BitsAreFloatsWhereNotepackWrapsThem() throws DecodeException {
        // notepack writes 1.5e300 and 1.7976931348623157e308 as uint 64 0, 1e21 and -1e20 as their low 64 bits
        Packet wrapped = parser.newClientDecoder().add(VECTORS.get("server-integral-beyond-64-bits"));
        assertThat(wrapped.data().toString()).isEqualTo("[\"huge\",0,3875820019684212736,-7766279631452241920,0]");

        byte[] ours = parser.encoder()
                .encode(Packet.event("/", json("[\"huge\",1.5e300,1e21,-1e20,1.7976931348623157e308]")))
                .binary();
        assertThat(parser.newClientDecoder().add(ours).data().toString())
                .isEqualTo("[\"huge\",1.5E300,1.0E21,-1.0E20,1.7976931348623157E308]");
    }
}
