package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AcknowledgementTest extends WireTest {

    @Test
    void emitWithAnAckCallbackGetsTheClientsAnswerAndAckIdsStartAtOne() {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        Recorder<String> answers = new Recorder<>();
        socket.emit("question", (error, response) -> answers.record(error + " " + response), "what?");
        assertThat(conn[0].nextText()).isEqualTo("421[\"question\",\"what?\"]");
        conn[0].receive("431[\"yes\",2]");
        answers.assertNext("null [\"yes\",2]");
        socket.emit("again", (error, response) -> answers.record(String.valueOf(response)));
        assertThat(conn[0].nextText()).isEqualTo("422[\"again\"]");
    }

    @Test
    void emitWithAckCompletesWithTheTypedFirstArgument() throws Exception {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        CompletableFuture<Integer> sum = socket.emitWithAck("add", Integer.class, 1, 2);
        assertThat(conn[0].nextText()).isEqualTo("421[\"add\",1,2]");
        conn[0].receive("431[3]");
        assertThat(sum.get(5, TimeUnit.SECONDS)).isEqualTo(3);

        CompletableFuture<Args> all = socket.emitWithAck("all", Args.class);
        assertThat(conn[0].nextText()).isEqualTo("422[\"all\"]");
        conn[0].receive("432[1,\"two\"]");
        assertThat(all.get(5, TimeUnit.SECONDS).toString()).isEqualTo("[1,\"two\"]");
    }

    @Test
    void aBinaryAckIsReassembledBeforeTheCallback() throws Exception {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        CompletableFuture<byte[]> bytes = socket.emitWithAck("bytes", byte[].class, new byte[] {9});
        assertThat(conn[0].nextText()).isEqualTo("451-1[\"bytes\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(conn[0].nextBinary()).containsExactly(9);
        conn[0].receive("461-1[{\"_placeholder\":true,\"num\":0}]");
        conn[0].receive(new byte[] {4, 2});
        assertThat(bytes.get(5, TimeUnit.SECONDS)).containsExactly(4, 2);
    }

    @Test
    void aTimeoutFailsTheAckAndALateAnswerIsIgnored() throws Exception {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        Recorder<Throwable> errors = new Recorder<>();
        socket.timeout(Duration.ofMillis(50)).emit("slow", (error, response) -> errors.record(error));
        assertThat(conn[0].nextText()).isEqualTo("421[\"slow\"]");
        assertThat(errors.next()).isInstanceOf(AckTimeoutException.class).hasMessage("operation has timed out");
        conn[0].receive("431[\"late\"]");
        errors.assertNone(QUIET);

        CompletableFuture<String> future = socket.timeout(Duration.ofMillis(50)).emitWithAck("slow", String.class);
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AckTimeoutException.class);
        assertThat(conn[0].isClosed()).isFalse();
    }

    @Test
    void pendingAcksFailWhenTheSocketGoesAway() {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        Recorder<Throwable> errors = new Recorder<>();
        CompletableFuture<String> future = socket.emitWithAck("never", String.class);
        socket.emit("never either", (error, response) -> errors.record(error));
        conn[0].closeFromEngine("transport close");
        assertThat(errors.next())
                .isInstanceOf(SocketDisconnectedException.class)
                .hasMessageContaining("transport close");
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(SocketDisconnectedException.class);
        CompletableFuture<String> afterwards = socket.emitWithAck("too late", String.class);
        assertThatThrownBy(() -> afterwards.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SocketDisconnectedException.class);
    }

    @Test
    void anAckForAnUnknownIdIsIgnored() {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        socketOf(conn);
        conn[0].receive("4399[1]");
        conn[0].assertNothingSent(QUIET);
        assertThat(conn[0].isClosed()).isFalse();
    }

    @Test
    void aHandlerMayBlockOnEmitWithAckOfItsOwnSocket() {
        Recorder<String> seen = new Recorder<>();
        io.onConnection(socket -> socket.on("start", () -> {
            String answer = socket.emitWithAck("question", String.class).get(5, TimeUnit.SECONDS);
            seen.record(answer);
        }));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"start\"]");
        assertThat(conn.nextText()).isEqualTo("421[\"question\"]");
        conn.receive("431[\"answer\"]");
        seen.assertNext("answer");
    }

    @Test
    void anAckIsSentOnlyOnceAndNotWhenNoneWasRequested() {
        Recorder<Boolean> expected = new Recorder<>();
        io.onConnection(socket -> socket.on("e", (args, ack) -> {
            expected.record(ack.expected());
            ack.send("one");
            ack.send("two");
        }));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"e\"]");
        expected.assertNext(false);
        conn.receive("427[\"e\"]");
        expected.assertNext(true);
        assertThat(conn.nextText()).isEqualTo("437[\"one\"]");
        conn.assertNothingSent(QUIET);
    }

    @Test
    void emitWithAckOnJsonNodeGivesTheRawTree() throws Exception {
        FakeEngineSocket[] conn = new FakeEngineSocket[1];
        Socket socket = socketOf(conn);
        CompletableFuture<JsonNode> node = socket.emitWithAck("q", JsonNode.class);
        conn[0].nextText();
        conn[0].receive("431[{\"a\":[1]}]");
        assertThat(node.get(5, TimeUnit.SECONDS).toString()).isEqualTo("{\"a\":[1]}");
    }

    @Test
    void aBinaryEventCanBeSentBackWithAnAckRequest() {
        io.onConnection(socket -> socket.on(
                "emit-with-ack",
                (args, ack) -> socket.timeout(Duration.ofSeconds(5))
                        .emit(
                                "emit-with-ack",
                                (error, response) -> {
                                    if (error == null) {
                                        socket.emit(
                                                "emit-with-ack",
                                                response.nodes().toArray());
                                    }
                                },
                                args.nodes().toArray())));
        FakeEngineSocket conn = connected("/");
        conn.receive("42[\"emit-with-ack\",1]");
        assertThat(conn.nextText()).isEqualTo("421[\"emit-with-ack\",1]");
        conn.receive("431[2]");
        assertThat(conn.nextText()).isEqualTo("42[\"emit-with-ack\",2]");
        conn.receive("451-[\"emit-with-ack\",{\"_placeholder\":true,\"num\":0}]");
        conn.receive(new byte[] {7});
        assertThat(conn.nextText()).isEqualTo("451-2[\"emit-with-ack\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(conn.nextBinary()).containsExactly(7);
        conn.receive("461-2[{\"_placeholder\":true,\"num\":0}]");
        conn.receive(new byte[] {8});
        assertThat(conn.nextText()).isEqualTo("451-[\"emit-with-ack\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(conn.nextBinary()).containsExactly(8);
    }
}
