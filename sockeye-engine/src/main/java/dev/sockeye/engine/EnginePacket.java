package dev.sockeye.engine;

/**
 * An Engine.IO packet as given to {@link EngineSocket#onPacket} and {@link EngineSocket#onPacketCreate}
 * listeners.
 *
 * @param type   the packet type
 * @param text   the text data ({@code "probe"}, a message's text, the open packet's JSON), or {@code null}
 * @param binary the binary data of a binary message, or {@code null}
 */
public record EnginePacket(Type type, String text, byte[] binary) {

    /** Engine.IO packet types with their wire digit. */
    public enum Type {
        OPEN('0'),
        CLOSE('1'),
        PING('2'),
        PONG('3'),
        MESSAGE('4'),
        UPGRADE('5'),
        NOOP('6');

        private final char code;

        Type(char code) {
            this.code = code;
        }

        /** The digit that starts the packet on the wire. */
        public char code() {
            return code;
        }

        /** The type for a wire digit, or {@code null} when the digit is not a packet type. */
        public static Type fromCode(char c) {
            return c >= '0' && c <= '6' ? values()[c - '0'] : null;
        }
    }
}
