package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node's convention in {@code emit(String, Object...)}: a callback as the last argument is the ack, not a {@code {}} payload. */
class TrailingAckTest extends WireTest {

    @Test
    void anAckCallbackAsLastArgumentOfEmitIsTheAck() {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        Recorder<String> answers = new Recorder<>();
        AckCallback ack = (error, response) -> answers.record(error + " " + response);
        Object[] args = {"what?", ack};

        socket.emit("question", args);
        assertThat(conn[0].nextText()).isEqualTo("421[\"question\",\"what?\"]");
        conn[0].receive("431[\"yes\"]");
        answers.assertNext("null [\"yes\"]");

        socket.timeout(Duration.ofSeconds(5)).emit("again", 1, 2, ack);
        assertThat(conn[0].nextText()).isEqualTo("422[\"again\",1,2]");
        conn[0].receive("432[3]");
        answers.assertNext("null [3]");

        socket.send("hi", ack);
        assertThat(conn[0].nextText()).isEqualTo("423[\"message\",\"hi\"]");
        conn[0].receive("433[]");
        answers.assertNext("null []");
        answers.assertEmpty();
    }

    @Test
    void aBroadcastAckCallbackAsLastArgumentOfABroadcastIsTheAck() {
        FakeEngineSocket conn = connected("/");
        Recorder<String> answers = new Recorder<>();
        BroadcastAckCallback ack = (error, responses) -> answers.record(error + " " + responses);

        io.timeout(Duration.ofSeconds(5)).emit("status", "now", ack);
        String packet = conn.nextText();
        assertThat(packet).matches("42\\d+\\[\"status\",\"now\"\\]");
        String ackId = packet.substring(2, packet.indexOf('['));
        conn.receive("43" + ackId + "[\"ok\"]");
        answers.assertNext("null [\"ok\"]");
    }

    @Test
    void aCallbackAnywhereButLastOrOfTheWrongKindIsRefusedAndNothingIsSent() {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        AckCallback ack = (error, response) -> {};
        BroadcastAckCallback broadcastAck = (error, responses) -> {};

        assertThatThrownBy(() -> socket.emit("x", (Object) ack, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an ack callback must be the last argument of emit (argument 1 of 2 is one)");
        assertThatThrownBy(() -> socket.emit("x", ack, "a", ack))
                .hasMessage("an ack callback must be the last argument of emit (argument 2 of 2 is one)");
        assertThatThrownBy(() -> socket.emit("x", 1, broadcastAck))
                .hasMessage("a BroadcastAckCallback cannot acknowledge an emit to one socket: pass an AckCallback");
        assertThatThrownBy(() -> socket.emitWithAck("x", String.class, ack))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.emit("x", 1, ack))
                .hasMessage("an AckCallback cannot acknowledge a broadcast: pass a BroadcastAckCallback"
                        + " (one response per client)");
        assertThatThrownBy(() -> io.serverSideEmit("x", List.of(), ack)).isInstanceOf(IllegalArgumentException.class);
        conn[0].assertNothingSent(QUIET);
    }
}
