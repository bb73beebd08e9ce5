package dev.sockeye.core.parser;

import static dev.sockeye.core.parser.Wire.encodeFrame;
import static dev.sockeye.core.parser.Wire.json;
import static dev.sockeye.core.parser.Wire.unwrap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the decoder makes of each well-formed packet a client sends. */
class JsonParserDecodeTest {

    private final JsonParser parser = new JsonParser();
    private final Decoder decoder = parser.newDecoder();

    private Packet decode(String frame) throws DecodeException {
        return decoder.add(unwrap(frame));
    }

    @Test
    void connectToTheMainNamespaceWithAndWithoutAuth() throws DecodeException {
        assertThat(decode("40")).isEqualTo(new Packet(PacketType.CONNECT, "/", null, null));
        assertThat(decode("40{\"token\":\"abc\"}"))
                .isEqualTo(new Packet(PacketType.CONNECT, "/", json("{\"token\":\"abc\"}"), null));
    }

    @Test
    void connectToANamespaceWithOrWithoutTrailingComma() throws DecodeException {
        assertThat(decode("40/custom")).isEqualTo(new Packet(PacketType.CONNECT, "/custom", null, null));
        assertThat(decode("40/custom,")).isEqualTo(new Packet(PacketType.CONNECT, "/custom", null, null));
        assertThat(decode("40/custom,{\"a\":1}"))
                .isEqualTo(new Packet(PacketType.CONNECT, "/custom", json("{\"a\":1}"), null));
    }

    @Test
    void disconnectFromANamespace() throws DecodeException {
        assertThat(decode("41")).isEqualTo(new Packet(PacketType.DISCONNECT, "/", null, null));
        assertThat(decode("41/custom,")).isEqualTo(new Packet(PacketType.DISCONNECT, "/custom", null, null));
    }

    @Test
    void eventWithoutAndWithAckId() throws DecodeException {
        assertThat(decode("42[\"message\",1,\"2\",{\"3\":[true]}]"))
                .isEqualTo(new Packet(PacketType.EVENT, "/", json("[\"message\",1,\"2\",{\"3\":[true]}]"), null));
        assertThat(decode("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"))
                .isEqualTo(new Packet(
                        PacketType.EVENT, "/", json("[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"), 456L));
        assertThat(decode("42/custom,12[\"a\"]"))
                .isEqualTo(new Packet(PacketType.EVENT, "/custom", json("[\"a\"]"), 12L));
        assertThat(decode("429007199254740991[\"a\"]").id()).isEqualTo(9007199254740991L);
    }

    @Test
    void errorIsAnOrdinaryEventName() throws DecodeException {
        // CVE-2024-38355: "error" must reach user code like any event, not crash the socket.
        assertThat(decode("42[\"error\",\"boom\"]"))
                .isEqualTo(new Packet(PacketType.EVENT, "/", json("[\"error\",\"boom\"]"), null));
    }

    @Test
    void ackWithArguments() throws DecodeException {
        assertThat(decode("43456[1,\"2\"]")).isEqualTo(new Packet(PacketType.ACK, "/", json("[1,\"2\"]"), 456L));
        assertThat(decode("43/custom,0[]")).isEqualTo(new Packet(PacketType.ACK, "/custom", json("[]"), 0L));
    }

    @Test
    void whitespaceAroundTheJsonValueIsAllowedAsJsonParseAllowsIt() throws DecodeException {
        assertThat(decode("42[\"a\"] \n").data()).isEqualTo(json("[\"a\"]"));
    }

    @Test
    void placeholdersInAPlainEventStayPlainObjects() throws DecodeException {
        Packet p = decode("42[\"x\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(p.type()).isEqualTo(PacketType.EVENT);
        assertThat(p.data().get(1).isObject()).isTrue();
        assertThat(p.data().get(1)).isEqualTo(json("{\"_placeholder\":true,\"num\":0}"));
    }

    @Test
    void connectErrorIsDecodedByAClientDecoder() throws DecodeException {
        Decoder client = parser.newClientDecoder();
        assertThat(client.add(unwrap("44/nope,{\"message\":\"Invalid namespace\"}")))
                .isEqualTo(new Packet(
                        PacketType.CONNECT_ERROR, "/nope", json("{\"message\":\"Invalid namespace\"}"), null));
        assertThat(client.add(unwrap("44\"Unauthorized\"")))
                .isEqualTo(new Packet(PacketType.CONNECT_ERROR, "/", json("\"Unauthorized\""), null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "40", "40/custom,", "40{\"token\":\"abc\"}", "40/custom,{\"a\":{\"b\":[1,2.5,null,true]}}",
                "41", "41/admin,", "42[\"message-back\",1,\"2\",{\"3\":[true]}]", "42/custom,12[\"a\",\"é\\n\\\"\"]",
                "43456[1,\"2\",{\"3\":[false]}]", "43/x,7[]", "42[\"x\",{\"_placeholder\":true,\"num\":0}]",
            })
    void plainPacketsRoundTripToTheSameText(String frame) throws DecodeException {
        assertThat(encodeFrame(parser.encoder(), decode(frame))).isEqualTo(frame);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"44{\"message\":\"Invalid namespace\"}", "44/nope,{\"message\":\"x\",\"data\":{\"code\":4}}"})
    void connectErrorsRoundTripThroughAClientDecoder(String frame) throws DecodeException {
        Packet p = parser.newClientDecoder().add(unwrap(frame));
        assertThat(encodeFrame(parser.encoder(), p)).isEqualTo(frame);
    }
}
