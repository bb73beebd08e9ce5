package dev.sockeye.core.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed msgpack from a client: each is a {@link DecodeException} (the server then closes that
 * connection). The checks of socket.io-msgpack-parser's {@code checkPacket}, plus those of the JSON
 * decoder, and bounds on what a message may make the decoder allocate.
 */
class MsgpackParserRejectsBadInputTest {

    private final MsgpackParser parser = new MsgpackParser();
    private final Decoder decoder = parser.newDecoder();

    /**
     * MessagePack written by hand: space-separated tokens, each hex bytes or {@code 'word} for the
     * fixstr {@code word}. {@code mp("82 'type 01 'nsp '/")} is {@code {type: 1, nsp: "/"}}.
     */
    static byte[] mp(String tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String token : tokens.trim().split(" +")) {
            if (token.startsWith("'")) {
                byte[] word = token.substring(1).getBytes(StandardCharsets.UTF_8);
                out.write(0xa0 | word.length);
                out.writeBytes(word);
            } else {
                out.writeBytes(HexFormat.of().parseHex(token));
            }
        }
        return out.toByteArray();
    }

    static Stream<Arguments> badPackets() {
        return Stream.of(
                // not one msgpack map
                Arguments.of("", "malformed msgpack"),
                Arguments.of("92 01 02", "a packet is a msgpack map"),
                Arguments.of("c0", "a packet is a msgpack map"),
                Arguments.of("83 'type", "malformed msgpack"),
                Arguments.of("82 'type 01 'nsp '/ 00", "1 trailing bytes"),
                Arguments.of("c1", "malformed msgpack"),
                // type: an integer from 0 to 4
                Arguments.of("81 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type 05 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type 06 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type ff 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type '2 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type cb4004000000000000 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type c0 'nsp '/", "invalid packet type"),
                Arguments.of("82 'type cfffffffffffffffff 'nsp '/", "invalid packet type"),
                // nsp: a string starting with '/'
                Arguments.of("81 'type 01", "invalid namespace"),
                Arguments.of("82 'type 01 'nsp 01", "invalid namespace"),
                Arguments.of("82 'type 01 'nsp c0", "invalid namespace"),
                Arguments.of("82 'type 01 'nsp 'admin", "invalid namespace"),
                // data by type
                Arguments.of("83 'type 00 'data 90 'nsp '/", "CONNECT data must be an object"),
                Arguments.of("83 'type 00 'data c0 'nsp '/", "CONNECT data must be an object"),
                Arguments.of("83 'type 00 'data 'x 'nsp '/", "CONNECT data must be an object"),
                Arguments.of("83 'type 01 'data 80 'nsp '/", "DISCONNECT carries no data"),
                Arguments.of("83 'type 01 'data c0 'nsp '/", "DISCONNECT carries no data"),
                Arguments.of("83 'type 04 'data 80 'nsp '/", "CONNECT_ERROR is sent by servers only"),
                Arguments.of("82 'type 02 'nsp '/", "EVENT data must be an array"),
                Arguments.of("83 'type 02 'data d40000 'nsp '/", "EVENT data must be an array"),
                Arguments.of("83 'type 02 'data 80 'nsp '/", "EVENT data must be an array"),
                Arguments.of("83 'type 02 'data 90 'nsp '/", "EVENT data must be an array"),
                Arguments.of("83 'type 02 'data 91 01 'nsp '/", "EVENT data must be an array"),
                Arguments.of("83 'type 02 'data 91 c0 'nsp '/", "EVENT data must be an array"),
                Arguments.of("83 'type 02 'data 91 'connect 'nsp '/", "reserved event name"),
                Arguments.of("83 'type 02 'data 91 'disconnect 'nsp '/", "reserved event name"),
                Arguments.of("84 'type 03 'data 80 'id 01 'nsp '/", "ACK data must be an array"),
                Arguments.of("83 'type 03 'data 90 'nsp '/", "ACK without id"),
                // extensions where a packet's fields are: only notepack's undefined (d4 00 00)
                Arguments.of("83 'type 02 'data d40500 'nsp '/", "invalid payload"),
                Arguments.of("83 'type 02 'data d7000000000000000000 'nsp '/", "invalid payload"),
                Arguments.of("83 'type 02 'data c7020001 'nsp '/", "invalid payload"),
                Arguments.of("84 'type 02 'data 91 'a 'id d40100 'nsp '/", "invalid packet id"),
                // ids: integers from 0 to 2^53 - 1, on EVENT and ACK only
                Arguments.of("84 'type 02 'data 91 'a 'id ff 'nsp '/", "invalid packet id"),
                Arguments.of("84 'type 02 'data 91 'a 'id cf0020000000000000 'nsp '/", "invalid packet id"),
                Arguments.of("84 'type 02 'data 91 'a 'id cb3ff8000000000000 'nsp '/", "invalid packet id"),
                Arguments.of("84 'type 02 'data 91 'a 'id '1 'nsp '/", "invalid packet id"),
                Arguments.of("84 'type 02 'data 91 'a 'id c0 'nsp '/", "invalid packet id"),
                Arguments.of("83 'type 00 'id 01 'nsp '/", "only EVENT and ACK carry an ack id"),
                Arguments.of("83 'type 01 'id 01 'nsp '/", "only EVENT and ACK carry an ack id"),
                // lengths beyond the message, unknown extensions, nesting
                Arguments.of("83 'type 02 'data 92 'a c67fffffff 'nsp '/", "bytes in what is left of the input"),
                Arguments.of("83 'type 02 'data 92 'a c6ffffffff 'nsp '/", "malformed msgpack"),
                Arguments.of("83 'type 02 'data 92 'a c97fffffff00 'nsp '/", "bytes in what is left of the input"),
                Arguments.of("83 'type 02 'data 92 'a dbffffffff 'nsp '/", "malformed msgpack"),
                Arguments.of("83 'type 02 'data 92 'a dd7fffffff 'nsp '/", "malformed msgpack"),
                Arguments.of("83 'type 02 'data 92 'a d40501 'nsp '/", "unsupported msgpack extension type 5"),
                Arguments.of("83 'type 02 'data 92 'a " + "91 ".repeat(300) + "c0 'nsp '/", "nested deeper than"));
    }

    @ParameterizedTest
    @MethodSource("badPackets")
    void badPacketsAreRejected(String tokens, String message) {
        assertThatThrownBy(() -> decoder.add(mp(tokens)))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining(message);
    }

    @Test
    void textMessagesAreRejected() {
        assertThatThrownBy(() -> decoder.add("40"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("a text message where msgpack is expected");
    }

    @Test
    void theDecoderGoesOnAfterARejectedMessage() throws DecodeException {
        assertThatThrownBy(() -> decoder.add(mp("83 'type"))).isInstanceOf(DecodeException.class);
        assertThat(decoder.add(mp("82 'type 01 'nsp '/")))
                .isEqualTo(new Packet(PacketType.DISCONNECT, "/", null, null));
    }

    @Test
    void whatNodeAcceptsBeyondTheUsualShapeIsAccepted() throws DecodeException {
        // keys in any order, unknown keys (string or not) skipped, an integral float as id, undefined as absent
        assertThat(decoder.add(mp(
                        "86 01 02 'nsp '/chat 'options 81 'compress c3 'id cb4000000000000000 'data 91 'a 'type 02")))
                .isEqualTo(new Packet(PacketType.EVENT, "/chat", Wire.json("[\"a\"]"), 2L));
        assertThat(decoder.add(mp("84 'type 00 'data d40000 'id d40000 'nsp '/")))
                .isEqualTo(new Packet(PacketType.CONNECT, "/", null, null));
        // the last of two equal keys counts, as in a JavaScript object
        assertThat(decoder.add(mp("83 'type 00 'nsp '/a 'nsp '/b")).nsp()).isEqualTo("/b");
    }

    @Test
    void aClientDecoderAcceptsConnectErrorsWithAStringOrAnObject() throws DecodeException {
        Decoder client = parser.newClientDecoder();
        assertThat(client.add(mp("83 'type 04 'data 'no 'nsp '/")))
                .isEqualTo(new Packet(PacketType.CONNECT_ERROR, "/", Wire.json("\"no\""), null));
        assertThat(client.add(mp("83 'type 04 'data 81 'message 'no 'nsp '/"))
                        .data()
                        .toString())
                .isEqualTo("{\"message\":\"no\"}");
    }
}
