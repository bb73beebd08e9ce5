package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import dev.sockeye.testing.LogCapture;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An argument that does not bind to a handler's declared type is never skipped silently: the ack
 * gets an error, the error handlers the exception, the log one WARN per event and type.
 */
class InvalidArgumentTest extends WireTest {

    @Test
    void theAckIsAnsweredWithAnErrorTheErrorHandlersHearAndTheHandlerDoesNotRun() {
        Recorder<Object> seen = new Recorder<>();
        io.onConnection(socket -> {
            socket.on("add", Integer.class, Integer.class, (a, b, ack) -> seen.record("handler ran"));
            socket.onError(seen::record);
        });
        FakeEngineSocket conn = connected("/");

        conn.receive("427[\"add\",1,{\"not\":\"a number\"}]");
        assertThat(conn.nextText()).isEqualTo("437[{\"error\":\"invalid argument\",\"event\":\"add\",\"index\":1}]");
        InvalidArgumentException error = (InvalidArgumentException) seen.next();
        assertThat(error.event()).isEqualTo("add");
        assertThat(error.index()).isEqualTo(1);
        assertThat(error.type()).isEqualTo(Integer.class);
        assertThat(error).hasMessage("argument 1 of event \"add\" does not bind to java.lang.Integer");

        // without an ack, nothing goes to the client; the socket lives on
        conn.receive("42[\"add\",\"x\",2]");
        assertThat(((InvalidArgumentException) seen.next()).index()).isZero();
        conn.receive("428[\"add\",2,3]");
        seen.assertNext("handler ran");
        seen.assertEmpty();
        conn.assertNothingSent(QUIET);
        assertThat(conn.isClosed()).isFalse();
    }

    @Test
    void theMappersTextNeverReachesTheClient() {
        io.onConnection(socket -> socket.on("point", MessagingTest.Point.class, (p, ack) -> ack.send("ok")));
        FakeEngineSocket conn = connected("/");
        conn.receive("421[\"point\",\"<script>\"]");
        String reply = conn.nextText();
        assertThat(reply).isEqualTo("431[{\"error\":\"invalid argument\",\"event\":\"point\",\"index\":0}]");
        assertThat(reply).doesNotContain("script", "Point", "jackson");
    }

    @Test
    void theLogSaysWarnOncePerEventAndTypeThenDebug() {
        io.onConnection(socket -> {
            socket.on("count", Integer.class, n -> {});
            socket.on("other", Integer.class, n -> {});
        });
        try (LogCapture logs = new LogCapture()) {
            FakeEngineSocket first = connected("/");
            FakeEngineSocket second = connected("/");
            for (int i = 0; i < 5; i++) {
                first.receive("42[\"count\",\"flood\"]");
                second.receive("42[\"count\",\"flood\"]");
            }
            first.receive("42[\"other\",\"x\"]");
            Pattern warn = Pattern.compile("WARN .*argument 0 of event \"(\\w+)\" does not bind to java.lang.Integer;"
                    + " its handler was skipped");
            logs.await(warn, 2, Duration.ofSeconds(5));
            for (FakeEngineSocket conn : new FakeEngineSocket[] {first, second}) {
                conn.receive("421[\"count\",\"sync\"]"); // every earlier event of this socket was handled
                assertThat(conn.nextText()).startsWith("431[{\"error\"");
            }
            assertThat(logs.matching(warn)).extracting(m -> m.group(1)).containsExactly("count", "other");
        }
    }
}
