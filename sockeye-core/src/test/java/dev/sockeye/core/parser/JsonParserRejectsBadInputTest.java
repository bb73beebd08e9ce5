package dev.sockeye.core.parser;

import static dev.sockeye.core.parser.Wire.json;
import static dev.sockeye.core.parser.Wire.unwrap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.Packet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed client input (robustness.md §4.3 rows 11 and 12 and the parser items of "more
 * cases"): each is a {@link DecodeException}, after which the decoder holds nothing.
 */
class JsonParserRejectsBadInputTest {

    private final JsonParser parser = new JsonParser();
    private final Decoder decoder = parser.newDecoder();

    static Stream<Arguments> badFrames() {
        return Stream.of(
                // unknown packet types
                Arguments.of("4abc", "unknown packet type"),
                Arguments.of("47", "unknown packet type"),
                Arguments.of("49[\"a\"]", "unknown packet type"),
                Arguments.of("4", "empty packet"),
                // row 11, CVE-2023-32695: EVENT data must be ["name", ...]
                Arguments.of("42{}", "EVENT data must be an array"),
                Arguments.of("42\"x\"", "EVENT data must be an array"),
                Arguments.of("42[]", "EVENT data must be an array"),
                Arguments.of("42[{\"toString\":\"x\"}]", "EVENT data must be an array"),
                Arguments.of("42[true]", "EVENT data must be an array"),
                Arguments.of("42[null]", "EVENT data must be an array"),
                Arguments.of("42[1,\"a\"]", "EVENT data must be an array"),
                Arguments.of("42null", "EVENT data must be an array"),
                Arguments.of("42[\"connect\"]", "reserved event name"),
                Arguments.of("42[\"connect_error\",{}]", "reserved event name"),
                Arguments.of("42[\"disconnect\"]", "reserved event name"),
                Arguments.of("42[\"disconnecting\",\"x\"]", "reserved event name"),
                Arguments.of("42[\"newListener\"]", "reserved event name"),
                Arguments.of("42/custom,[\"removeListener\"]", "reserved event name"),
                // no payload (Node dispatches an empty event; we close)
                Arguments.of("42", "EVENT data must be an array"),
                Arguments.of("42/custom,", "EVENT data must be an array"),
                Arguments.of("42 ", "no JSON value"),
                // ack ids
                Arguments.of("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]", "invalid payload"),
                Arguments.of("429007199254740992[\"a\"]", "invalid ack id"),
                Arguments.of("4299999999999999999999999[\"a\"]", "invalid ack id"),
                Arguments.of("401{}", "only EVENT and ACK carry an ack id"),
                Arguments.of("411", "only EVENT and ACK carry an ack id"),
                // a namespace must start with '/': anything else is read as the payload
                Arguments.of("42custom,[\"a\"]", "invalid payload"),
                // ACK
                Arguments.of("43[1]", "ACK without id"),
                Arguments.of("431{}", "ACK data must be an array"),
                Arguments.of("431\"x\"", "ACK data must be an array"),
                Arguments.of("431", "ACK data must be an array"),
                // CONNECT, DISCONNECT, CONNECT_ERROR
                Arguments.of("40[]", "CONNECT data must be an object"),
                Arguments.of("40\"x\"", "CONNECT data must be an object"),
                Arguments.of("40null", "CONNECT data must be an object"),
                Arguments.of("40/admin,\"invalid\"", "CONNECT data must be an object"),
                Arguments.of("41{}", "DISCONNECT carries no data"),
                Arguments.of("41/admin,{}", "DISCONNECT carries no data"),
                Arguments.of("44{\"message\":\"x\"}", "CONNECT_ERROR is sent by servers only"),
                // JSON syntax and trailing garbage
                Arguments.of("42[\"a\"", "invalid payload"),
                Arguments.of("42/admin,\"invalid", "invalid payload"),
                Arguments.of("42[\"a\"]x", "invalid payload"),
                Arguments.of("42[\"a\"][\"b\"]", "invalid payload"),
                Arguments.of("40{}x", "invalid payload"),
                Arguments.of("42[\"a\",NaN]", "invalid payload"),
                // row 12: attachment counts
                Arguments.of("4511-[\"a\"]", "too many attachments"),
                Arguments.of("45999999999999999999999-[\"a\"]", "too many attachments"),
                Arguments.of("451.5-[\"a\"]", "Illegal attachments"),
                Arguments.of("45a-[\"a\"]", "Illegal attachments"),
                Arguments.of("45+1-[\"a\"]", "Illegal attachments"),
                Arguments.of("45-[\"a\"]", "Illegal attachments"),
                Arguments.of("450-[\"a\"]", "Illegal attachments"),
                Arguments.of("45", "Illegal attachments"),
                Arguments.of("451", "Illegal attachments"),
                Arguments.of("461[1]", "Illegal attachments"),
                // row 12: placeholder indexes (CVE-2022-2421)
                Arguments.of("451-[\"a\",{\"_placeholder\":true,\"num\":\"splice\"}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"_placeholder\":true,\"num\":1}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"_placeholder\":true,\"num\":-1}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"_placeholder\":true,\"num\":0.5}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"_placeholder\":true,\"num\":4294967296}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"_placeholder\":true}]", "illegal attachments"),
                Arguments.of("451-[\"a\",{\"x\":[{\"_placeholder\":true,\"num\":null}]}]", "illegal attachments"),
                Arguments.of("461-1{\"_placeholder\":true,\"num\":0}", "ACK data must be an array"),
                Arguments.of("451-[\"disconnect\",{\"_placeholder\":true,\"num\":0}]", "reserved event name"),
                Arguments.of("451-{\"_placeholder\":true,\"num\":0}", "EVENT data must be an array"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFrames")
    void badFrameIsRejectedAndLeavesNoState(String frame, String message) throws DecodeException {
        assertThatThrownBy(() -> decoder.add(unwrap(frame)))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining(message);
        assertUsable(decoder);
        assertUsable(parser.newDecoder());
    }

    @Test
    void binaryFrameWithoutPendingHeaderIsRejected() throws DecodeException {
        assertThatThrownBy(() -> decoder.add(new byte[] {1}))
                .isInstanceOf(DecodeException.class)
                .hasMessage("got binary data when not reconstructing a packet");
        assertUsable(decoder);
    }

    @Test
    void binaryFrameAfterTheLastAttachmentIsRejected() throws DecodeException {
        decoder.add(unwrap("451-[\"a\",{\"_placeholder\":true,\"num\":0}]"));
        assertThat(decoder.add(new byte[] {1})).isNotNull();
        assertThatThrownBy(() -> decoder.add(new byte[] {2}))
                .isInstanceOf(DecodeException.class)
                .hasMessage("got binary data when not reconstructing a packet");
    }

    @Test
    void textFrameWhileAttachmentsArePendingIsRejectedAndDropsThePartialPacket() throws DecodeException {
        assertThat(decoder.add(
                        unwrap("452-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]")))
                .isNull();
        assertThat(decoder.add(new byte[] {1})).isNull();
        assertThatThrownBy(() -> decoder.add(unwrap("42[\"b\"]")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("got plaintext data when reconstructing a packet");
        // The partial packet is gone: a late attachment is now a stray binary frame.
        assertThatThrownBy(() -> decoder.add(new byte[] {2}))
                .isInstanceOf(DecodeException.class)
                .hasMessage("got binary data when not reconstructing a packet");
        assertUsable(decoder);
    }

    @Test
    void maxAttachmentsIsConfigurable() throws DecodeException {
        Decoder two = new JsonParser(JsonParser.defaultMapper(), 2).newDecoder();
        assertThatThrownBy(() -> two.add(unwrap("453-[\"a\"]")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("too many attachments");
        assertThat(two.add(unwrap("452-[\"a\"]"))).isNull();
        assertThat(new JsonParser().newDecoder().add(unwrap("4510-[\"a\"]"))).isNull();
    }

    @Test
    void deeplyNestedArraysHitTheNestingLimitWithoutStackOverflow() {
        String bomb = "42" + "[".repeat(100_000);
        assertThatThrownBy(() -> decoder.add(unwrap(bomb)))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("nesting depth")
                .hasCauseInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void nestingUpToTheLimitIsAccepted() throws DecodeException {
        int inner = JsonParser.MAX_NESTING_DEPTH - 1; // the event array itself is one level
        String frame = "42[\"deep\"," + "[".repeat(inner) + "]".repeat(inner) + "]";
        assertThat(decoder.add(unwrap(frame))).isNotNull();
        String tooDeep = "42[\"deep\"," + "[".repeat(inner + 1) + "]".repeat(inner + 1) + "]";
        assertThatThrownBy(() -> decoder.add(unwrap(tooDeep)))
                .isInstanceOf(DecodeException.class)
                .hasCauseInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void megabyteNumberLiteralIsRejectedByTheNumberLengthLimit() {
        String bomb = "42[\"a\"," + "1".repeat(1_000_000) + "]";
        assertThatThrownBy(() -> decoder.add(unwrap(bomb)))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("Number value length")
                .hasCauseInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void hugePropertyNameIsRejectedByTheNameLengthLimit() {
        String bomb = "42[\"a\",{\"" + "k".repeat(JsonParser.MAX_NAME_LENGTH + 1) + "\":1}]";
        assertThatThrownBy(() -> decoder.add(unwrap(bomb)))
                .isInstanceOf(DecodeException.class)
                .hasCauseInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void trailingDataIsRejectedEvenWhenTheMapperAllowsTrailingTokens() {
        var lenient = JsonMapper.builder()
                .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        Decoder d = new JsonParser(lenient).newDecoder();
        assertThatThrownBy(() -> d.add(unwrap("42[\"a\"][\"b\"]")))
                .isInstanceOf(DecodeException.class)
                .hasMessage("invalid payload: data after the JSON value");
    }

    private static void assertUsable(Decoder d) throws DecodeException {
        Packet p = d.add("2[\"ok\"]");
        assertThat(p).isNotNull();
        assertThat(p.data()).isEqualTo(json("[\"ok\"]"));
    }
}
