package dev.sockeye.core;

/** Socket.IO protocol v5 packet types with their wire digit. */
public enum PacketType {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK;

    // values() clones its array on every call; fromCode runs once per received packet.
    private static final PacketType[] BY_CODE = values();

    /** The digit that starts the packet on the wire. */
    public char code() {
        return (char) ('0' + ordinal());
    }

    /** The type for a wire digit, or {@code null} when it is none. */
    public static PacketType fromCode(char c) {
        return c >= '0' && c <= '6' ? BY_CODE[c - '0'] : null;
    }

    /** Whether packets of this type carry binary attachments. */
    public boolean isBinary() {
        return this == BINARY_EVENT || this == BINARY_ACK;
    }
}
