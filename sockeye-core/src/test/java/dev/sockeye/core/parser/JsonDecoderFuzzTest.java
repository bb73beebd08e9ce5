package dev.sockeye.core.parser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sockeye.core.Packet;
import dev.sockeye.testing.AllocationBudget;
import dev.sockeye.testing.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzz target of the Socket.IO JSON decoder with binary reconstruction: the input is a text packet followed by
 * binary attachments, separated by {@code 0x1E} ({@link FuzzInput}). Every call returns a packet, returns
 * {@code null} while attachments are awaited, or throws {@link DecodeException}; anything else is a bug, and so is
 * an allocation out of proportion to the input ({@link AllocationBudget}). A packet the decoder accepts must also
 * survive the encoder: its encoding decodes again, to a packet that encodes the same (the first encoding may
 * normalise, as {@code JSON.stringify} turns {@code Infinity} into {@code null}).
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn verify}) it runs the inputs under
 * {@code src/test/resources/dev/sockeye/core/parser/JsonDecoderFuzzTestInputs/}; see benchmarks/ROBUSTNESS.md.
 */
class JsonDecoderFuzzTest {

    private static final JsonParser PARSER = new JsonParser();

    @FuzzTest(maxDuration = "2m")
    void decodesATextPacketFollowedByItsAttachments(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            try {
                decode(input);
            } catch (DecodeException expected) {
                // malformed input, refused as documented
            }
        });
    }

    private static void decode(byte[] input) throws DecodeException {
        List<byte[]> parts = FuzzInput.parts(input);
        Decoder decoder = PARSER.newDecoder();
        Packet packet = decoder.add(new String(parts.get(0), StandardCharsets.UTF_8));
        for (byte[] attachment : parts.subList(1, parts.size())) {
            packet = decoder.add(attachment);
        }
        if (packet != null) {
            List<Object> encoded = Wire.parts(PARSER.encoder().encode(packet));
            List<Object> again = Wire.parts(PARSER.encoder().encode(decodeAll(encoded)));
            if (!sameMessages(encoded, again)) {
                throw new AssertionError(packet + " encoded as " + encoded + ", then as " + again);
            }
        }
    }

    private static Packet decodeAll(List<Object> messages) throws DecodeException {
        Decoder decoder = PARSER.newClientDecoder();
        Packet decoded = null;
        for (Object message : messages) {
            decoded = message instanceof String text ? decoder.add(text) : decoder.add((byte[]) message);
        }
        if (decoded == null) {
            throw new AssertionError("the encoding " + messages + " did not decode to a packet");
        }
        return decoded;
    }

    private static boolean sameMessages(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            boolean same = a.get(i) instanceof byte[] bytes
                    ? b.get(i) instanceof byte[] other && Arrays.equals(bytes, other)
                    : a.get(i).equals(b.get(i));
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
