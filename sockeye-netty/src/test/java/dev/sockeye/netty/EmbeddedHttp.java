package dev.sockeye.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Raw HTTP text in and out of an {@link EmbeddedChannel}, for wire-level tests of the Netty handlers. */
final class EmbeddedHttp {
    private EmbeddedHttp() {}

    /** Feeds {@code raw} (ISO-8859-1) to the channel, then runs the tasks that scheduled. */
    static void write(EmbeddedChannel channel, String raw) {
        channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        channel.runPendingTasks();
    }

    /** Everything the channel has written out so far, as ISO-8859-1 text; the buffers are released. */
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
