package dev.sockeye.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Raw HTTP in and out of an {@link EmbeddedChannel}, as ISO-8859-1 text (one char a byte). */
final class EmbeddedHttp {

    private EmbeddedHttp() {}

    /** Feeds {@code raw} to the channel as if a client had sent it, then runs the tasks that queued. */
    static void write(EmbeddedChannel channel, String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    /** Everything the channel wrote out so far, as text; the buffers are released. */
    static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) msg;
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }
}
