package dev.sockeye.server.internal;

import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.engine.EngineMessage;
import java.util.List;

/**
 * Turns an encoded packet into its engine messages once per broadcast rather than once per member: the server's one
 * mechanism for sharing an encoding among the members of a broadcast. An adapter's broadcast writes the same
 * {@link EncodedPacket} object to each member in turn, and each {@link EngineMessage} computes its wire forms
 * (WebSocket frame, polling packet) once: so the members share one frame, and a broadcast costs one encoding whatever
 * its size. Without it each member would build its own message, and so encode and copy its own frame.
 *
 * <p>It keeps the last packet it turned (one slot, compared by identity), because the adapter (sockeye-core, which
 * knows no engine) cannot carry engine messages with the packet: a broadcast's members follow one another on one
 * thread, and a packet written to one socket alone is converted once, as it always was. Broadcasts interleaved on
 * several threads still deliver the right messages; they only share less. The slot holds one packet, so it retains
 * at most the last broadcast's bytes.
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
        List<EncodedPacket.Message> parts = packet.messages();
        EngineMessage[] messages = new EngineMessage[parts.size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = parts.get(i).map(EngineMessage::text, EngineMessage::binary);
        }
        return messages;
    }
}
