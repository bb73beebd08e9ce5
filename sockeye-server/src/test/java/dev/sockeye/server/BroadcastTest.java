package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BroadcastTest extends WireTest {
    private final Recorder<Socket> sockets = new Recorder<>();
    private FakeEngineSocket a;
    private FakeEngineSocket b;
    private FakeEngineSocket c;
    private Socket sa;
    private Socket sb;
    private Socket sc;

    @BeforeEach
    void threeClients() {
        io.onConnection(sockets::record);
        a = connected("/");
        sa = sockets.next();
        b = connected("/");
        sb = sockets.next();
        c = connected("/");
        sc = sockets.next();
        sa.join("red");
        sb.join(List.of("red", "blue"));
        sc.join("blue");
    }

    @Test
    void emitReachesEverySocketOfTheNamespace() {
        io.emit("all", 1);
        for (FakeEngineSocket conn : List.of(a, b, c)) {
            assertThat(conn.nextText()).isEqualTo("42[\"all\",1]");
        }
    }

    @Test
    void emitReportsWhetherEverySocketOfThisServerTookThePacket() {
        assertThat(io.to("red").asVolatile().emit("ready")).isTrue();
        assertThat(a.nextText()).isEqualTo("42[\"ready\"]");
        assertThat(b.nextText()).isEqualTo("42[\"ready\"]");

        b.setWritable(false); // b's transport is busy: a volatile packet is dropped for b, and said so
        assertThat(io.to("red").asVolatile().emit("tick")).isFalse();
        assertThat(a.nextText()).isEqualTo("42[\"tick\"]");
        b.assertNothingSent(Duration.ofMillis(50));
        assertThat(io.to("blue").except(sb.id()).asVolatile().emit("tick"))
                .as("b is not among the targets")
                .isTrue();
        assertThat(c.nextText()).isEqualTo("42[\"tick\"]");
        assertThat(io.to("red").emit("kept"))
                .as("a packet that is not volatile is queued for b")
                .isTrue();
        assertThat(io.to("nobody here").emit("void"))
                .as("no target, nothing dropped")
                .isTrue();
    }

    @Test
    void roomsAreAUnionAndEachClientReceivesOnce() {
        io.to("red").to("blue").emit("both");
        for (FakeEngineSocket conn : List.of(a, b, c)) {
            assertThat(conn.nextText()).isEqualTo("42[\"both\"]");
            conn.assertNothingSent(Duration.ofMillis(50));
        }
        io.to(List.of("red")).except("blue").emit("only a");
        assertThat(a.nextText()).isEqualTo("42[\"only a\"]");
        b.assertNothingSent(Duration.ofMillis(50));
        c.assertNothingSent(Duration.ofMillis(50));
    }

    @Test
    void aSocketsOwnIdIsARoomAndRoomsAreReadable() {
        io.to(sc.id()).emit("direct");
        assertThat(c.nextText()).isEqualTo("42[\"direct\"]");
        a.assertNothingSent(Duration.ofMillis(50));
        assertThat(sb.rooms()).containsExactlyInAnyOrder(sb.id(), "red", "blue");
        assertThat(io.sockets().adapter().rooms().get("red")).containsExactlyInAnyOrder(sa.id(), sb.id());
        sb.leave("red");
        assertThat(sb.rooms()).containsExactlyInAnyOrder(sb.id(), "blue");
    }

    @Test
    void socketToExcludesTheSender() {
        sb.to("red").emit("from b");
        assertThat(a.nextText()).isEqualTo("42[\"from b\"]");
        b.assertNothingSent(Duration.ofMillis(50));
        sb.broadcast().emit("everyone but b");
        assertThat(a.nextText()).isEqualTo("42[\"everyone but b\"]");
        assertThat(c.nextText()).isEqualTo("42[\"everyone but b\"]");
        b.assertNothingSent(Duration.ofMillis(50));
        sa.except("blue").emit("nobody");
        sa.local().emit("local");
        assertThat(b.nextText()).isEqualTo("42[\"local\"]");
        assertThat(c.nextText()).isEqualTo("42[\"local\"]");
    }

    @Test
    void operatorsAreImmutable() {
        BroadcastOperator red = io.to("red");
        red.except(sb.id());
        red.emit("red");
        assertThat(a.nextText()).isEqualTo("42[\"red\"]");
        assertThat(b.nextText()).isEqualTo("42[\"red\"]");
    }

    @Test
    void aBroadcastIsEncodedOnceWithBinary() {
        io.to("blue").emit("bin", new byte[] {1, 2});
        for (FakeEngineSocket conn : List.of(b, c)) {
            assertThat(conn.nextText()).isEqualTo("451-[\"bin\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(conn.nextBinary()).containsExactly(1, 2);
        }
    }

    @Test
    void broadcastAcksCollectOneResponsePerClient() throws Exception {
        Recorder<String> result = new Recorder<>();
        io.to("red")
                .timeout(Duration.ofSeconds(5))
                .emit("q", (error, responses) -> result.record(error + " " + responses));
        String frameA = a.nextText();
        String frameB = b.nextText();
        assertThat(frameA).isEqualTo(frameB).matches("42\\d+\\[\"q\"\\]");
        String id = frameA.substring(2, frameA.indexOf('['));
        a.receive("43" + id + "[\"from a\"]");
        b.receive("43" + id + "[\"from b\",\"ignored\"]");
        String outcome = result.next();
        assertThat(outcome)
                .startsWith("null [")
                .contains("\"from a\"", "\"from b\"")
                .doesNotContain("ignored");

        CompletableFuture<List<String>> replies =
                io.to("blue").timeout(Duration.ofSeconds(5)).emitWithAck("q2", String.class);
        String frame = b.nextText();
        c.nextText();
        String id2 = frame.substring(2, frame.indexOf('['));
        b.receive("43" + id2 + "[\"b\"]");
        c.receive("43" + id2 + "[\"c\"]");
        assertThat(replies.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void aBroadcastAckTimeoutReportsTheResponsesSoFar() {
        CompletableFuture<List<String>> replies =
                io.timeout(Duration.ofMillis(200)).emitWithAck("q", String.class);
        String frame = a.nextText();
        b.nextText();
        c.nextText();
        a.receive("43" + frame.substring(2, frame.indexOf('[')) + "[\"only a\"]");
        assertThatThrownBy(() -> replies.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AckTimeoutException.class)
                .satisfies(e -> assertThat(((AckTimeoutException) e).responses().toString())
                        .isEqualTo("[\"only a\"]"));
    }

    @Test
    void aBroadcastWithAnAckButNoTimeoutIsRefusedAtTheCallAndSendsNothing() {
        assertThatThrownBy(() -> io.to("red").emit("q", (error, responses) -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timeout(Duration)");
        assertThatThrownBy(() -> io.emitWithAck("q", String.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timeout(Duration)");
        assertThatThrownBy(() -> io.of("/").except("blue").emitWithAck("q", String.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timeout(Duration)");
        assertThatThrownBy(() -> sa.broadcast().emitWithAck("q", String.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timeout(Duration)");
        for (FakeEngineSocket conn : List.of(a, b, c)) {
            conn.assertNothingSent(QUIET);
        }
    }

    @Test
    void aBroadcastAckToNobodyCompletesAtOnce() throws Exception {
        assertThat(io.to("empty")
                        .timeout(Duration.ofSeconds(5))
                        .emitWithAck("q", String.class)
                        .get(5, TimeUnit.SECONDS))
                .isEmpty();
    }

    @Test
    void broadcastAndDirectAckIdsNeverCollide() throws Exception {
        CompletableFuture<String> direct = sa.emitWithAck("direct", String.class);
        String directFrame = a.nextText();
        CompletableFuture<List<String>> broadcast =
                io.to("red").timeout(Duration.ofSeconds(5)).emitWithAck("b", String.class);
        String broadcastFrame = a.nextText();
        b.nextText();
        String directId = directFrame.substring(2, directFrame.indexOf('['));
        String broadcastId = broadcastFrame.substring(2, broadcastFrame.indexOf('['));
        assertThat(directId).isNotEqualTo(broadcastId);
        CompletableFuture<String> direct2 = sa.emitWithAck("direct2", String.class);
        String direct2Frame = a.nextText();
        assertThat(direct2Frame.substring(2, direct2Frame.indexOf('['))).isNotIn(directId, broadcastId);
        a.receive("43" + directId + "[\"d\"]");
        a.receive("43" + broadcastId + "[\"ba\"]");
        b.receive("43" + broadcastId + "[\"bb\"]");
        assertThat(direct.get(5, TimeUnit.SECONDS)).isEqualTo("d");
        assertThat(broadcast.get(5, TimeUnit.SECONDS)).containsExactlyInAnyOrder("ba", "bb");
        assertThat(direct2.isDone()).isFalse();
    }

    @Test
    void fetchSocketsReturnsTheLocalSockets() throws Exception {
        List<RemoteSocket> red = io.in("red").fetchSockets().get(5, TimeUnit.SECONDS);
        assertThat(red).extracting(RemoteSocket::id).containsExactlyInAnyOrder(sa.id(), sb.id());
        assertThat(red).allSatisfy(s -> assertThat(s).isInstanceOf(Socket.class));
        assertThat(io.fetchSockets().get(5, TimeUnit.SECONDS)).hasSize(3);
        @SuppressWarnings("deprecation")
        java.util.Set<String> ids = io.in("blue").allSockets().get(5, TimeUnit.SECONDS);
        assertThat(ids).containsExactlyInAnyOrder(sb.id(), sc.id());
    }

    @Test
    void socketsJoinLeaveAndDisconnectActOnTheMatchingSockets() {
        io.in("red").socketsJoin("green");
        assertThat(sa.rooms()).contains("green");
        assertThat(sc.rooms()).doesNotContain("green");
        io.in(sb.id()).socketsLeave(List.of("blue", "green"));
        assertThat(sb.rooms()).containsExactlyInAnyOrder(sb.id(), "red");
        io.in("blue").disconnectSockets();
        assertThat(c.nextText()).isEqualTo("41");
        io.in("red").disconnectSockets(true);
        a.awaitClosed();
        b.awaitClosed();
    }

    @Test
    void disconnectingSocketsLeaveTheirRooms() {
        Recorder<String> done = new Recorder<>();
        sa.onDisconnect(reason -> done.record(reason.wire()));
        a.closeFromEngine("transport close");
        done.assertNext("transport close");
        assertThat(io.sockets().adapter().rooms().get("red")).containsExactly(sb.id());
        assertThat(io.sockets().sockets()).doesNotContainKey(sa.id());
    }

    @Test
    void namespaceBroadcastsStayInTheirNamespace() {
        Recorder<Socket> custom = new Recorder<>();
        io.of("/custom").onConnection(custom::record);
        join(a, "/custom");
        custom.next();
        io.of("/custom").emit("custom only");
        assertThat(a.nextText()).isEqualTo("42/custom,[\"custom only\"]");
        b.assertNothingSent(Duration.ofMillis(50));
    }
}
