package dev.sockeye.engine.spi;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * One WebSocket data frame the engine sends: its kind and payload, and, built on first use, the whole frame as it
 * goes on the wire. A broadcast sends one {@code OutboundFrame} to every member (it is cached in the
 * {@link dev.sockeye.engine.EngineMessage}), so a front that writes {@link #wire()} shares one copy of the bytes
 * between all of them instead of copying the frame into each connection's buffer. Immutable once built; thread-safe.
 */
public final class OutboundFrame {
    /** Whether the payload is UTF-8 text or binary: the frame's opcode. */
    public enum Kind {
        /** A text frame (opcode 1). */
        TEXT(0x1),
        /** A binary frame (opcode 2). */
        BINARY(0x2);

        private final int opcode;

        Kind(int opcode) {
            this.opcode = opcode;
        }

        /** The RFC 6455 opcode. */
        public int opcode() {
            return opcode;
        }
    }

    /**
     * Frames from this length on go to direct memory when first built: a channel would otherwise copy each into a
     * direct buffer of its own on write. Shorter ones are built on the heap and moved to direct memory only when a
     * second connection asks for them ({@link #wire()}): for a frame sent once (an ack), a channel's pooled copy
     * costs less than direct memory of its own (allocated, zeroed and registered with a cleaner); for a broadcast,
     * one direct copy saves a copy per member.
     */
    static final int DIRECT_FROM = 512;

    private final Kind kind;
    private final byte[] payload;
    /**
     * The whole frame, freed by the garbage collector with this object: read-only direct memory, or, until a second
     * caller wants it, a heap array that nothing writes to (so that a channel copies it from the array, its fastest
     * path).
     */
    private volatile ByteBuffer wire;

    /** {@link #frontBuffer}: a front's buffer of this frame, and whether it holds direct memory. */
    private record FrontBuffer(Object buffer, boolean direct) {}

    private volatile FrontBuffer frontBuffer;

    private OutboundFrame(Kind kind, byte[] payload) {
        if (payload == null) {
            throw new NullPointerException("payload");
        }
        this.kind = kind;
        this.payload = payload;
    }

    /** A text frame of these UTF-8 bytes; the array is not copied and must not change afterwards. */
    public static OutboundFrame text(byte[] utf8) {
        return new OutboundFrame(Kind.TEXT, utf8);
    }

    /** A binary frame of these bytes; the array is not copied and must not change afterwards. */
    public static OutboundFrame binary(byte[] data) {
        return new OutboundFrame(Kind.BINARY, data);
    }

    /** Text or binary. */
    public Kind kind() {
        return kind;
    }

    /** The payload (not a copy): what a front compresses when permessage-deflate applies. Do not modify. */
    public byte[] payload() {
        return payload;
    }

    /** The frame's length on the wire without extensions, header and payload: what it counts against an outbound budget. */
    public int size() {
        return headerLength(payload.length) + payload.length;
    }

    private static int headerLength(int payloadLength) {
        return payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    }

    /**
     * The whole frame as sent without extensions (RFC 6455 §5.2: FIN, opcode, unmasked length, payload), shared by
     * every caller; each call returns a view with its own position. In direct memory (read-only) from
     * {@value #DIRECT_FROM} bytes on, or from the second call on (the frame goes to more than one connection), so that
     * channels write it without copying it first; otherwise on the heap, with its array accessible. Do not modify.
     */
    public ByteBuffer wire() {
        ByteBuffer built = wire;
        if (built == null) {
            built = frame(kind.opcode(), payload, size() >= DIRECT_FROM);
            wire = built;
        } else if (!built.isDirect()) {
            // Asked again: shared (a broadcast). Two threads may both build it here; both copies are the same bytes.
            built = frame(kind.opcode(), payload, true);
            wire = built;
        }
        return built.duplicate();
    }

    /**
     * This frame in a front's own buffer type, made by {@code make} from {@link #wire()} and kept with the frame, so
     * that the connections a broadcast writes to share one buffer object as well as one copy of the bytes (the Netty
     * front keeps a {@code ByteBuf} here and writes a duplicate of it to each channel, instead of wrapping the bytes
     * anew for each). A form made from heap bytes is made again, once, when a second connection asks for it: the frame
     * is shared, and {@link #wire()} has moved it to direct memory. One front writes a frame; asked for another type,
     * the frame makes and keeps that type's form instead.
     *
     * @param type the front's buffer type
     * @param make makes it from the wire form; what it makes is read by several threads and never changed
     * @param <T>  the front's buffer type
     * @return the kept buffer, shared: write a view of it, never the buffer itself
     */
    public <T> T frontBuffer(Class<T> type, Function<ByteBuffer, T> make) {
        FrontBuffer kept = frontBuffer;
        if (kept != null && kept.direct() && type.isInstance(kept.buffer())) {
            return type.cast(kept.buffer());
        }
        ByteBuffer bytes = wire(); // from the second call on a frame, direct memory
        T made = make.apply(bytes);
        // Two threads may both make it; each writes its own, and the last one kept serves the rest.
        frontBuffer = new FrontBuffer(made, bytes.isDirect());
        return made;
    }

    private static ByteBuffer frame(int opcode, byte[] payload, boolean direct) {
        int n = payload.length;
        int length = headerLength(n) + n;
        ByteBuffer frame = direct ? ByteBuffer.allocateDirect(length) : ByteBuffer.allocate(length);
        frame.put((byte) (0x80 | opcode)); // FIN
        if (n < 126) {
            frame.put((byte) n);
        } else if (n <= 0xFFFF) {
            frame.put((byte) 126);
            frame.putShort((short) n);
        } else {
            frame.put((byte) 127);
            frame.putLong(n);
        }
        frame.put(payload);
        frame.flip();
        return direct ? frame.asReadOnlyBuffer() : frame;
    }

    @Override
    public String toString() {
        return "OutboundFrame[" + kind + ", " + payload.length + " bytes]";
    }
}
