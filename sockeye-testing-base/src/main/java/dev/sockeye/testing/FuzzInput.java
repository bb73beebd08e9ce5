package dev.sockeye.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits one fuzzer input into the several messages a decoder reads in sequence (a text packet and its binary
 * attachments, a notification and its attachment row). The separator is the byte {@code 0x1E} (Engine.IO's record
 * separator), so a seed file is readable: {@code 451-["a",{"_placeholder":true,"num":0}]<RS>xyz}. A raw
 * {@code byte[]} input keeps the fuzzer at full speed and lets seeds be written by hand.
 */
public final class FuzzInput {

    /** The byte between two parts. */
    public static final byte SEPARATOR = 0x1E;

    private FuzzInput() {}

    /**
     * The parts of an input, in order; an input without separator is one part, an empty input one empty part.
     *
     * @param input the fuzzer input
     * @return the parts, each a new array
     */
    public static List<byte[]> parts(byte[] input) {
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == SEPARATOR) {
                parts.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        parts.add(Arrays.copyOfRange(input, start, input.length));
        return parts;
    }
}
