package dev.sockeye.adminui.internal;

import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;

/**
 * Feeds an {@link EventBuffer} from an engine, as Node's admin UI does from {@code engine.on("connection")}: one
 * {@code rawConnection} per session, one {@code rawDisconnection} per close with the reason as sub-type, and for
 * every packet that carries data one {@code packetsIn}/{@code packetsOut} and its UTF-8 (or binary) length in
 * {@code bytesIn}/{@code bytesOut}.
 */
public final class EngineStats {
    private final EventBuffer buffer;
    private volatile boolean stopped;

    /** @param buffer where the counts go */
    public EngineStats(EventBuffer buffer) {
        this.buffer = buffer;
    }

    /** Starts counting the sessions {@code engine} opens from now on. */
    public void listen(EngineServer engine) {
        engine.onConnection(this::onConnection);
    }

    /** Stops counting (the engine keeps the listeners, which then do nothing). */
    public void stop() {
        stopped = true;
    }

    private void onConnection(EngineSocket session) {
        if (stopped) {
            return;
        }
        buffer.add("rawConnection", null, 1);
        session.onPacket(packet -> count(packet, "packetsIn", "bytesIn"));
        session.onPacketCreate(packet -> count(packet, "packetsOut", "bytesOut"));
        session.onClose((reason, description) -> {
            if (!stopped) {
                buffer.add("rawDisconnection", reason.wire(), 1);
            }
        });
    }

    private void count(EnginePacket packet, String packets, String bytes) {
        if (stopped) {
            return;
        }
        long length;
        if (packet.binary() != null) {
            length = packet.binary().length;
        } else if (packet.text() != null) {
            length = utf8Length(packet.text());
        } else {
            return; // Node counts only the packets that carry data
        }
        buffer.add(packets, null, 1);
        buffer.add(bytes, null, length);
    }

    /** The UTF-8 length of {@code text} without encoding it (Node's {@code Buffer.byteLength}). */
    static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3; // a lone surrogate becomes U+FFFD, three bytes, as in Node
            }
        }
        return length;
    }
}
