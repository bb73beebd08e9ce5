package dev.sockeye.engine;

import dev.sockeye.engine.spi.OutboundFrame;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One Engine.IO message (packet type 4) to send: text or binary. Immutable and shareable: a
 * broadcast creates one {@code EngineMessage} and sends it to every recipient, and the encoded
 * forms each transport needs are computed once and cached here, not once per socket.
 */
public final class EngineMessage {
    private final String text;
    private final byte[] binary;
    private volatile OutboundFrame webSocketFrame;
    private volatile String pollingForm;

    private EngineMessage(String text, byte[] binary) {
        this.text = text;
        this.binary = binary;
    }

    /** A text message. */
    public static EngineMessage text(String text) {
        if (text == null) {
            throw new NullPointerException("text");
        }
        return new EngineMessage(text, null);
    }

    /** A binary message; the array is not copied and must not change afterwards. */
    public static EngineMessage binary(byte[] data) {
        if (data == null) {
            throw new NullPointerException("data");
        }
        return new EngineMessage(null, data);
    }

    /** Whether this is a binary message. */
    public boolean isBinary() {
        return binary != null;
    }

    /** The text, or {@code null} for a binary message. */
    public String text() {
        return text;
    }

    /** The bytes, or {@code null} for a text message. Do not modify. */
    public byte[] binary() {
        return binary;
    }

    /**
     * The WebSocket frame of this message: a text frame of the UTF-8 bytes of {@code "4" + text}, or a binary frame
     * of the bytes as they are (protocol 4). Computed once, so that every recipient of a broadcast writes the same
     * frame (and a front the same wire bytes, see {@link OutboundFrame#wire()}).
     */
    public OutboundFrame webSocketFrame() {
        OutboundFrame frame = webSocketFrame;
        if (frame == null) {
            frame = binary != null
                    ? OutboundFrame.binary(binary)
                    : OutboundFrame.text(("4" + text).getBytes(StandardCharsets.UTF_8));
            webSocketFrame = frame;
        }
        return frame;
    }

    /** The packet as it appears in a v4 polling payload: {@code 4text} or {@code b<base64>}. Computed once. */
    public String pollingPacket() {
        String form = pollingForm;
        if (form == null) {
            form = binary != null ? "b" + Base64.getEncoder().encodeToString(binary) : "4" + text;
            pollingForm = form;
        }
        return form;
    }

    @Override
    public String toString() {
        return binary != null ? "EngineMessage[binary " + binary.length + " bytes]" : "EngineMessage[" + text + "]";
    }
}
