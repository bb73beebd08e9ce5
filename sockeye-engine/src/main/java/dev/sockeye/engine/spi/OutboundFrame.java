package dev.sockeye.engine.spi;

import java.nio.ByteBuffer;

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
     * Frames shorter than this stay on the heap: a channel copies them into its own direct buffer on write, which
     * costs less than direct memory of their own (allocated, zeroed and registered with a cleaner, per frame).
     */
    static final int DIRECT_FROM = 512;

    private final Kind kind;
    private final byte[] payload;
    /**
     * The whole frame, built once and freed by the garbage collector with this object: read-only direct memory, or a
     * heap array that nothing writes to (so that a channel copies it from the array, its fastest path).
     */
    private volatile ByteBuffer wire;

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
     * The whole frame as sent without extensions (RFC 6455 §5.2: FIN, opcode, unmasked length, payload): from
     * {@value #DIRECT_FROM} bytes on in direct memory (read-only), so that a channel writes it without copying it
     * first; shorter, on the heap, with its array accessible. Built by the first caller and shared by every later one;
     * each call returns a view with its own position. Do not modify.
     */
    public ByteBuffer wire() {
        ByteBuffer built = wire;
        if (built == null) {
            built = frame(kind.opcode(), payload);
            wire = built;
        }
        return built.duplicate();
    }

    private static ByteBuffer frame(int opcode, byte[] payload) {
        int n = payload.length;
        int length = headerLength(n) + n;
        boolean direct = length >= DIRECT_FROM;
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
