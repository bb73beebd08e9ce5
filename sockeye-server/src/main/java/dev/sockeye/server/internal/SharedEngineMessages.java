package dev.sockeye.server.internal;

import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.engine.EngineMessage;
import java.util.List;

/**
 * Turns an encoded packet into its engine messages once per broadcast rather than once per member. An adapter's
 * broadcast writes the same {@link EncodedPacket} object to each member in turn, and each {@link EngineMessage}
 * computes its wire forms (WebSocket frame, polling packet) once: so the members share one frame, and a broadcast
 * costs one encoding whatever its size.
 *
 * <p>It keeps the last packet it turned (one slot, compared by identity): a broadcast's members follow one another
 * on one thread,, and a packet written to one socket alone is converted once, as it always was. Broadcasts interleaved on
 * several threads still deliver the right messages; they only share less.
 */
final class SharedEngineMessages {
    private record Converted(EncodedPacket packet, EngineMessage[] messages) {}

    private volatile Converted last = new Converted(null, new EngineMessage[0]);

    /** The engine messages of {@code packet}, in order; the same array for the same packet object. Do not modify. */
    EngineMessage[] of(EncodedPacket packet) {
        Converted converted = last;
        if (converted.packet() != packet) {
            converted = new Converted(packet, convert(packet));
            last = converted;
        }
        return converted.messages();
    }

    private static EngineMessage[] convert(EncodedPacket packet) {
        List<Object> parts = packet.messages();
        EngineMessage[] messages = new EngineMessage[parts.size()];
        for (int i = 0; i < messages.length; i++) {
            Object part = parts.get(i);
            messages[i] = part instanceof String text ? EngineMessage.text(text) : EngineMessage.binary((byte[]) part);
        }
        return messages;
    }
}
