package dev.sockeye.engine;

import static dev.sockeye.engine.FakeFront.get;
import static dev.sockeye.engine.FakeFront.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Engine.IO protocol v3 ({@code allowEIO3}) and JSONP polling on the wire, exact strings and bytes through a fake front. */
class EngineV3WireTest {
    private static final String SID = "BBBBBBBBBBBBBBBBBBBB";
    private static final String POLL = "/engine.io/?EIO=3&transport=polling";
    private static final String WS = "/engine.io/?EIO=3&transport=websocket";
    private static final String OPEN = "0{\"sid\":\"" + SID + "\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
            + "\"pingTimeout\":20000,\"maxPayload\":1000000}";
    private static final String FORM = "application/x-www-form-urlencoded";

    private EngineServer engine;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    /** An echo engine accepting protocol v3, recording connections (with transport and protocol) and closes. */
    private EngineServer engine(EngineOptions.Builder options) {
        engine = EngineServer.create(
                options.allowEIO3(true).idGenerator(request -> SID).build());
        engine.onConnection(socket -> {
            events.add("connection " + socket.transport() + " v" + socket.protocol());
            FakeFront.echo(socket);
            socket.onClose((reason, description) -> events.add("close " + reason));
        });
        return engine;
    }

    private String nextEvent() throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("an event").isNotNull();
        return event;
    }

    /** Opens a polling session and checks its handshake. */
    private void handshake(String uri) throws Exception {
        assertThat(get(engine, uri).await().body()).isEqualTo(OPEN.length() + ":" + OPEN);
        assertThat(nextEvent()).isEqualTo("connection polling v3");
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void theHandshakeIsTheOpenPacketWithItsLengthPrefixAndTheSocketSaysProtocol3() throws Exception {
        engine(EngineOptions.builder());
        FakeFront.Response open = get(engine, POLL).await();

        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body()).isEqualTo(OPEN.length() + ":" + OPEN);
        assertThat(open.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(nextEvent()).isEqualTo("connection polling v3");
    }

    @Test
    void aMissingOrUnknownEioIsProtocol3WhenItIsAllowedAsInNode() throws Exception {
        engine(EngineOptions.builder());
        handshake("/engine.io/?transport=polling");
        engine.close();
        assertThat(nextEvent()).isEqualTo("close server shutting down");
        engine(EngineOptions.builder());
        handshake("/engine.io/?EIO=abc&transport=polling");
    }

    @Test
    void postedPacketsAreEchoedWithLengthsInUtf16CodeUnits() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL);
        String payload = "6:4hello4:4a\uD83D\uDE00";

        FakeFront.Response ok = post(engine, POLL + "&sid=" + SID, payload).await();

        assertThat(ok.body()).isEqualTo("ok");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo(payload);
    }

    @Test
    void theClientPingsAndTheServerAnswersWithAPong() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL);
        post(engine, POLL + "&sid=" + SID, "1:2").await();
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("1:3");
    }

    @Test
    void aPongFromTheClientIsTheWrongHeartbeatDirection() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL);
        post(engine, POLL + "&sid=" + SID, "1:3").await();
        assertThat(nextEvent()).isEqualTo("close transport error");
    }

    @Test
    void withoutPingsTheSessionClosesAfterThePingIntervalPlusTheTimeoutAndTheServerNeverPings() throws Exception {
        engine(EngineOptions.builder().pingInterval(Duration.ofMillis(150)).pingTimeout(Duration.ofMillis(100)));
        long start = System.nanoTime();
        get(engine, POLL).await();
        nextEvent();

        FakeFront.Response poll = get(engine, POLL + "&sid=" + SID).await();

        assertThat(poll.body()).isEqualTo("1:1"); // the close, no ping before it
        assertThat(nextEvent()).isEqualTo("close ping timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aClientThatTakesBinaryPostsAndPollsBinaryPayloads() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL);
        byte[] payload = {1, 4, (byte) 255, 4, 1, 2, 3, 0, 6, (byte) 255, '4', 'h', 'e', 'l', 'l', 'o'};

        post(engine, POLL + "&sid=" + SID, payload, "Content-Type", "application/octet-stream")
                .await();
        FakeFront.Response poll = get(engine, POLL + "&sid=" + SID).await();

        assertThat(poll.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(poll.bytes()).containsExactly(payload);
    }

    @Test
    void aClientThatAskedForBase64GetsBinaryAsB4InATextPayload() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL + "&b64=1");
        post(engine, POLL + "&sid=" + SID, "6:b4AQID").await();
        FakeFront.Response poll = get(engine, POLL + "&sid=" + SID).await();
        assertThat(poll.body()).isEqualTo("6:b4AQID");
        assertThat(poll.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
    }

    @Test
    void aPostedCloseAnswersThePendingPollWithALengthPrefixedNoop() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL);
        FakeFront.Exchange pending = get(engine, POLL + "&sid=" + SID);
        post(engine, POLL + "&sid=" + SID, "1:1").await();
        assertThat(pending.await().body()).isEqualTo("1:6");
        assertThat(nextEvent()).isEqualTo("close transport close");
    }

    @Test
    void jsonpAnswersWithScriptsCallingTheIndexedCallbackAndReadsFormPosts() throws Exception {
        engine(EngineOptions.builder());
        FakeFront.Response open = get(engine, POLL + "&j=4").await();
        assertThat(open.body()).isEqualTo("___eio[4](\"" + (OPEN.length() + ":" + OPEN).replace("\"", "\\\"") + "\");");
        assertThat(open.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(nextEvent()).isEqualTo("connection polling v3");
        // "a<newline>b", "x\ny" with a backslash, "c<U+2028>": the client writes a newline as \n and \n as \\n
        String form = "d=" + URLEncoder.encode("4:4a\\nb5:4x\\\\ny3:4c\u2028", StandardCharsets.UTF_8);

        assertThat(post(engine, POLL + "&j=4&sid=" + SID, form, "Content-Type", FORM)
                        .await()
                        .body())
                .isEqualTo("ok");

        assertThat(get(engine, POLL + "&j=4&sid=" + SID).await().body())
                .isEqualTo("___eio[4](\"4:4a\\nb5:4x\\\\ny3:4c\\u2028\");");
    }

    @Test
    void jsonpKeepsOnlyTheDigitsOfTheIndexAndSendsBinaryAsBase64() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL + "&j=a1%3Cb2").await();
        nextEvent();
        post(engine, POLL + "&j=x&sid=" + SID, "d=6%3Ab4AQID", "Content-Type", FORM)
                .await();
        assertThat(get(engine, POLL + "&j=x&sid=" + SID).await().body()).isEqualTo("___eio[12](\"6:b4AQID\");");
    }

    @Test
    void anUpgradeAnswersTheProbeNoopsThePollAndSendsBinaryFramesWithTheirTypeByte() throws Exception {
        engine(EngineOptions.builder());
        handshake(POLL);
        FakeFront.Exchange pending = get(engine, POLL + "&sid=" + SID);
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS + "&sid=" + SID);

        ws.handler.onText("2probe");
        assertThat(ws.next()).isEqualTo("text:3probe");
        assertThat(pending.await().body()).isEqualTo("1:6");
        engine.clients().get(SID).send(new byte[] {1, 2, 3});
        ws.handler.onText("5");

        assertThat(ws.next()).isEqualTo("binary:4 bytes");
        assertThat(ws.binaries.poll()).containsExactly(4, 1, 2, 3);
        ws.handler.onText("2");
        assertThat(ws.next()).isEqualTo("text:3");
        assertThat(engine.clients().get(SID).transport()).isEqualTo("websocket");
    }

    @Test
    void aDirectWebSocketOpensWithoutLengthPrefixAndEchoesTypedAndBase64Binary() throws Exception {
        engine(EngineOptions.builder());
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS);
        assertThat(ws.next()).isEqualTo("text:" + OPEN.replace("[\"websocket\"]", "[]"));
        assertThat(nextEvent()).isEqualTo("connection websocket v3");

        ws.handler.onBinary(new byte[] {4, 9});
        assertThat(ws.next()).isEqualTo("binary:2 bytes");
        assertThat(ws.binaries.poll()).containsExactly(4, 9);
        ws.handler.onText("b4AQID");
        assertThat(ws.next()).isEqualTo("binary:4 bytes");
        assertThat(ws.binaries.poll()).containsExactly(4, 1, 2, 3);
        ws.handler.onText("4hi");
        assertThat(ws.next()).isEqualTo("text:4hi");
    }

    @Test
    void withoutAllowEio3AV3ClientIsRefusedAsByNode() throws Exception {
        engine = EngineServer.create(EngineOptions.builder().build());
        FakeFront.Response refused = get(engine, POLL).await();
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
    }
}
