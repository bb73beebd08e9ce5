package dev.sockeye.bench.jmh;

import java.util.Base64;

/**
 * The event payload every benchmark sends: {@code {"seq":1,"t":…,"p":"xxx…"}} with a 100-character
 * padding string, the shape of the load runs' tick event. The constants are the same payload as
 * it appears on the wire, so encode and decode benchmarks work on identical bytes.
 *
 * @param seq a sequence number
 * @param t   a timestamp in epoch milliseconds
 * @param p   padding
 */
public record Tick(long seq, long t, String p) {

    /** 100 characters of padding. */
    static final String PADDING = "x".repeat(100);

    /** A fixed timestamp (2024-12-03T08:00:00Z), so that encoded sizes do not drift between runs. */
    static final long T = 1_733_212_800_000L;

    /** The Socket.IO EVENT packet {@code 2["tick",{…}]}, without the Engine.IO {@code 4} in front. */
    static final String EVENT_TEXT = "2[\"tick\",{\"seq\":1,\"t\":" + T + ",\"p\":\"" + PADDING + "\"}]";

    /** The Socket.IO ACK packet {@code 31["ok"]}, without the Engine.IO {@code 4} in front. */
    static final String ACK_TEXT = "31[\"ok\"]";

    /** The attachment of the binary benchmarks: 256 bytes, small enough to be typical of a chunk or an image thumbnail. */
    static final byte[] ATTACHMENT = attachment(256);

    /** {@link #ATTACHMENT} as base64, as a polling client sends it. */
    static final String ATTACHMENT_BASE64 = Base64.getEncoder().encodeToString(ATTACHMENT);

    /** The first tick. */
    static Tick first() {
        return new Tick(1, T, PADDING);
    }

    private static byte[] attachment(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) i;
        }
        return data;
    }
}
