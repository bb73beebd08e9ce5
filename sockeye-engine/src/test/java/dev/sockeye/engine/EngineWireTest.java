package dev.sockeye.engine;

import static dev.sockeye.engine.FakeFront.get;
import static dev.sockeye.engine.FakeFront.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on the wire, without a network: exact packet strings in and out through a fake front. */
class EngineWireTest {
    private static final String SID = "AAAAAAAAAAAAAAAAAAAA";
    private static final String POLL = "/engine.io/?EIO=4&transport=polling";
    private static final String WS = "/engine.io/?EIO=4&transport=websocket";
    private static final String SEP = "\u001e";

    private EngineServer engine;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private EngineServer engine(EngineOptions.Builder options) {
        engine = EngineServer.create(options.idGenerator(request -> SID).build());
        engine.onConnection(socket -> {
            events.add("connection " + socket.transport());
            FakeFront.echo(socket);
            socket.onClose((reason, description) -> events.add("close " + reason));
            socket.onUpgrading(t -> events.add("upgrading " + t));
            socket.onUpgrade(t -> events.add("upgrade " + t));
        });
        engine.onConnectionError(e -> events.add("error " + e.code() + " " + e.message() + " " + e.context()));
        return engine;
    }

    private String nextEvent() throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("an event").isNotNull();
        return event;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void handshakeAnswersTheExactOpenPacket() throws Exception {
        engine(EngineOptions.builder());
        FakeFront.Response open = get(engine, POLL).await();
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.body())
                .isEqualTo("0{\"sid\":\"" + SID + "\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(open.header("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
        assertThat(open.header("cache-control")).isEqualTo("no-store");
        assertThat(nextEvent()).isEqualTo("connection polling");
        assertThat(engine.clientsCount()).isEqualTo(1);
    }

    @Test
    void initialPacketFollowsTheOpenPacket() throws Exception {
        engine(EngineOptions.builder()
                .initialPacket(EngineMessage.text("welcome"))
                .allowUpgrades(false));
        assertThat(get(engine, POLL).await().body())
                .isEqualTo("0{\"sid\":\"" + SID + "\",\"upgrades\":[],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":1000000}" + SEP + "4welcome");
        FakeFront.Socket ws =
                FakeFront.webSocket(engine(EngineOptions.builder().initialPacket(EngineMessage.text("welcome"))), WS);
        assertThat(ws.next()).startsWith("text:0{\"sid\":\"" + SID + "\",\"upgrades\":[]");
        assertThat(ws.next()).isEqualTo("text:4welcome");
    }

    @Test
    void postedPacketsAreEchoedTogetherOnTheNextPoll() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        assertThat(post(engine, POLL + "&sid=" + SID, "4a" + SEP + "bAQID" + SEP + "4é")
                        .await()
                        .body())
                .isEqualTo("ok");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("4a" + SEP + "bAQID" + SEP + "4é");
    }

    @Test
    void pendingPollReceivesWhatIsSentLater() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        FakeFront.Exchange pending = get(engine, POLL + "&sid=" + SID);
        assertThat(pending.response).isNotDone();
        engine.clients().get(SID).send("later");
        assertThat(pending.await().body()).isEqualTo("4later");
    }

    @Test
    void everyRefusalHasNodesStatusBodyAndConnectionError() throws Exception {
        engine(EngineOptions.builder()
                .allowRequest((request, verdict) -> FakeFront.SCHEDULER.execute(() -> {
                    if (request.query("deny") != null) {
                        verdict.deny("nope");
                    } else {
                        verdict.allow();
                    }
                })));
        assertRefusal(
                get(engine, "/engine.io/?EIO=4&transport=foo"), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(nextEvent()).isEqualTo("error 0 Transport unknown {transport=foo}");
        assertRefusal(get(engine, POLL + "&sid=nope"), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(nextEvent()).isEqualTo("error 1 Session ID unknown {sid=nope}");
        assertRefusal(post(engine, POLL, ""), 400, "{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertThat(nextEvent()).isEqualTo("error 2 Bad handshake method {method=POST}");
        assertRefusal(get(engine, WS), 400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(nextEvent()).isEqualTo("error 3 Bad request {name=TRANSPORT_HANDSHAKE_ERROR}");
        assertRefusal(get(engine, POLL + "&deny=1"), 403, "{\"code\":4,\"message\":\"nope\"}");
        assertThat(nextEvent()).isEqualTo("error 4 Forbidden {message=nope}");
        assertRefusal(
                get(engine, "/engine.io/?EIO=3&transport=polling"),
                400,
                "{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(nextEvent()).isEqualTo("error 5 Unsupported protocol version {protocol=3}");
        assertThat(get(engine, POLL).await().status()).isEqualTo(200);
    }

    private static void assertRefusal(FakeFront.Exchange exchange, int status, String body) throws Exception {
        FakeFront.Response response = exchange.await();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void refusedUpgradeGetsTheMessageAsBody() throws Exception {
        engine(EngineOptions.builder());
        FakeFront.Socket ws = FakeFront.webSocket(engine, "/engine.io/?EIO=4&transport=foo");
        FakeFront.Response response = ws.rejected.get(5, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Transport unknown");
    }

    @Test
    void corsPreflightAndOriginReflection() throws Exception {
        engine(EngineOptions.builder()
                .cors(CorsOptions.origins(List.of("https://a.example")).withCredentials(true)));
        FakeFront.Response preflight = preflight(engine);
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.headers())
                .containsEntry("Access-Control-Allow-Origin", List.of("https://a.example"))
                .containsEntry("Access-Control-Allow-Credentials", List.of("true"))
                .containsEntry("Access-Control-Allow-Methods", List.of("GET,HEAD,PUT,PATCH,POST,DELETE"))
                .containsEntry("Access-Control-Allow-Headers", List.of("x-token"))
                .containsEntry("Vary", List.of("Origin, Access-Control-Request-Headers"));
        FakeFront.Response other =
                get(engine, POLL, "Origin", "https://evil.example").await();
        assertThat(other.headers())
                .doesNotContainKey("Access-Control-Allow-Origin")
                .containsEntry("Vary", List.of("Origin"));
    }

    private static FakeFront.Response preflight(EngineServer engine) throws Exception {
        FakeFront.Exchange exchange = new FakeFront.Exchange(
                FakeFront.request(
                        "OPTIONS", POLL, "Origin", "https://a.example", "Access-Control-Request-Headers", "x-token"),
                "");
        engine.handleRequest(exchange);
        return exchange.await();
    }

    @Test
    void cookieAndHeaderListenersEditTheHandshakeResponse() throws Exception {
        engine(EngineOptions.builder().cookie(CookieOptions.defaults()));
        engine.onInitialHeaders((headers, request) -> headers.put("X-Initial", List.of("1")));
        engine.onHeaders((headers, request) -> headers.put("X-Every", List.of("1")));
        FakeFront.Response open = get(engine, POLL).await();
        assertThat(open.header("Set-Cookie")).isEqualTo("io=" + SID + "; Path=/; HttpOnly; SameSite=Lax");
        assertThat(open.header("X-Initial")).isEqualTo("1");
        assertThat(open.header("X-Every")).isEqualTo("1");
        FakeFront.Response poll = post(engine, POLL + "&sid=" + SID, "4x").await();
        assertThat(poll.header("X-Every")).isEqualTo("1");
        assertThat(poll.header("X-Initial")).isNull();
        assertThat(poll.header("Set-Cookie")).isNull();
    }

    @Test
    void middlewaresRunForEveryRequestIncludingUpgrades() throws Exception {
        engine(EngineOptions.builder());
        engine.use((request, headers, next) -> {
            events.add("middleware " + request.query("transport"));
            if (request.query("block") != null) {
                next.fail(401, "no");
            } else {
                headers.put("X-Mw", List.of("yes"));
                next.proceed();
            }
        });
        FakeFront.Response blocked = get(engine, POLL + "&block=1").await();
        assertThat(blocked.status()).isEqualTo(401);
        assertThat(blocked.body()).isEqualTo("no");
        assertThat(nextEvent()).isEqualTo("middleware polling");
        assertThat(nextEvent()).isEqualTo("error 3 Bad request {name=MIDDLEWARE_FAILURE}");
        assertThat(get(engine, POLL).await().header("X-Mw")).isEqualTo("yes");
        assertThat(nextEvent()).isEqualTo("middleware polling");
        assertThat(nextEvent()).isEqualTo("connection polling");
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS + "&sid=" + SID);
        assertThat(nextEvent()).isEqualTo("middleware websocket");
        assertThat(ws.responseHeaders()).containsEntry("X-Mw", List.of("yes"));
    }

    /** Opens a polling session, posts {@code payload} (echoed) and returns the poll that carries it back. */
    private FakeFront.Response echoedPoll(EngineOptions.Builder options, String payload, String acceptEncoding)
            throws Exception {
        engine(options);
        get(engine, POLL).await();
        post(engine, POLL + "&sid=" + SID, payload).await();
        return get(engine, POLL + "&sid=" + SID, "Accept-Encoding", acceptEncoding)
                .await();
    }

    @Test
    void largePollResponsesAreGzippedForClientsThatAcceptIt() throws Exception {
        String big = "4" + "x".repeat(2000);
        FakeFront.Response response = echoedPoll(EngineOptions.builder(), big, "deflate;q=0.5, gzip");
        assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(response.bytes())).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(big);
    }

    @Test
    void webSocketSessionEchoesAndClosesOnClosePacket() throws Exception {
        engine(EngineOptions.builder());
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS);
        assertThat(ws.next())
                .isEqualTo("text:0{\"sid\":\"" + SID + "\",\"upgrades\":[],\"pingInterval\":25000,"
                        + "\"pingTimeout\":20000,\"maxPayload\":1000000}");
        assertThat(nextEvent()).isEqualTo("connection websocket");
        ws.handler.onText("4hi");
        assertThat(ws.next()).isEqualTo("text:4hi");
        ws.handler.onBinary(new byte[3]);
        assertThat(ws.next()).isEqualTo("binary:3 bytes");
        ws.handler.onText("1");
        assertThat(ws.next()).isEqualTo("close");
        assertThat(nextEvent()).isEqualTo("close transport close");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void upgradeAnswersTheProbeNoopsThePollAndSwitches() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        assertThat(nextEvent()).isEqualTo("connection polling");
        FakeFront.Exchange pending = get(engine, POLL + "&sid=" + SID);
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS + "&sid=" + SID);
        ws.handler.onText("2probe");
        assertThat(ws.next()).isEqualTo("text:3probe");
        assertThat(pending.await().body()).isEqualTo("6");
        assertThat(nextEvent()).isEqualTo("upgrading websocket");
        engine.clients().get(SID).send("buffered");
        ws.handler.onText("5");
        assertThat(ws.next()).isEqualTo("text:4buffered");
        assertThat(nextEvent()).isEqualTo("upgrade websocket");
        assertThat(engine.clients().get(SID).transport()).isEqualTo("websocket");
        ws.handler.onText("4on ws");
        assertThat(ws.next()).isEqualTo("text:4on ws");
    }

    @Test
    void aWebSocketForASessionAlreadyUpgradingOrUpgradedIsOpenedThenClosedAndTheSessionGoesOn() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        assertThat(nextEvent()).isEqualTo("connection polling");
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS + "&sid=" + SID);
        ws.handler.onText("2probe");
        assertThat(ws.next()).isEqualTo("text:3probe");
        assertThat(nextEvent()).isEqualTo("upgrading websocket");
        FakeFront.Socket whileUpgrading = webSocketOpenedThenClosed();
        ws.handler.onText("5");
        assertThat(nextEvent()).isEqualTo("upgrade websocket");
        FakeFront.Socket afterUpgrade = webSocketOpenedThenClosed();
        ws.handler.onText("4hello");
        assertThat(ws.next()).isEqualTo("text:4hello");
        assertThat(engine.clients().get(SID).transport()).isEqualTo("websocket");
        assertThat(events).isEmpty(); // neither a close nor a connection error
        assertThat(whileUpgrading.frames).isEmpty();
        assertThat(afterUpgrade.frames).isEmpty();
    }

    /**
     * A WebSocket for {@link #SID} that the engine opens and closes at once, as Node's {@code onWebSocket}
     * does with one it does not take; the front then reports the close.
     */
    private FakeFront.Socket webSocketOpenedThenClosed() throws Exception {
        FakeFront.Socket socket = FakeFront.webSocket(engine, WS + "&sid=" + SID);
        assertThat(socket.rejected).isNotDone();
        assertThat(socket.next()).isEqualTo("close");
        socket.handler.onClose(1005);
        return socket;
    }

    /** Hands {@code exchange} to the engine on another thread (another front's I/O thread) and waits until it has. */
    private void handOverOnAnotherThread(FakeFront.Exchange exchange) throws InterruptedException {
        Thread front = new Thread(() -> engine.handleRequest(exchange), "other-front");
        front.start();
        front.join(5_000);
        assertThat(front.isAlive()).isFalse();
    }

    /** A request for session {@link #SID} that arrives after {@code earlier}, not yet handed over. */
    private static FakeFront.Exchange arrivingAfter(FakeFront.Exchange earlier, String method, String body) {
        FakeFront.Exchange later = FakeFront.arriving(method, POLL + "&sid=" + SID, body);
        assertThat(later.arrivalNanos()).isGreaterThan(earlier.arrivalNanos());
        return later;
    }

    @Test
    void aPollThatArrivedBeforeAPostedCloseGetsTheNoopEvenWhenItReachesTheEngineAfterIt() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        assertThat(nextEvent()).isEqualTo("connection polling");
        // the official suite's "forcefully closes the session": a poll, then a close packet, on two
        // connections that two I/O threads read; the second thread gets to the engine first
        FakeFront.Exchange poll = FakeFront.arriving("GET", POLL + "&sid=" + SID, "");
        FakeFront.Exchange close = arrivingAfter(poll, "POST", "1");
        handOverOnAnotherThread(close);
        assertThat(close.await().body()).isEqualTo("ok");
        assertThat(nextEvent()).isEqualTo("close transport close");
        engine.handleRequest(poll);
        FakeFront.Response noop = poll.await();
        assertThat(noop.status()).isEqualTo(200);
        assertThat(noop.body()).isEqualTo("6");
        // a poll that arrives after the close finds no session, as in Node
        assertRefusal(get(engine, POLL + "&sid=" + SID), 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(nextEvent()).isEqualTo("error 1 Session ID unknown {sid=" + SID + "}");
        assertThat(events).isEmpty();
    }

    @Test
    void ofTwoOverlappingPollsTheOneThatArrivedSecondIsRefusedWhicheverReachesTheEngineFirst() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        nextEvent();
        FakeFront.Exchange first = FakeFront.arriving("GET", POLL + "&sid=" + SID, "");
        FakeFront.Exchange second = arrivingAfter(first, "GET", "");
        handOverOnAnotherThread(second);
        assertThat(second.response).isNotDone();
        engine.handleRequest(first);
        assertThat(second.await().status()).isEqualTo(400);
        assertThat(first.await().body()).isEqualTo("1");
        assertThat(nextEvent()).isEqualTo("close transport error");
    }

    @Test
    void closeReasons() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        nextEvent();
        FakeFront.Exchange pending = get(engine, POLL + "&sid=" + SID);
        engine.clients().get(SID).close();
        assertThat(pending.await().body()).isEqualTo("1");
        assertThat(nextEvent()).isEqualTo("close forced close");

        get(engine, POLL).await();
        nextEvent();
        FakeFront.Exchange aborted = get(engine, POLL + "&sid=" + SID);
        aborted.abort();
        assertThat(nextEvent()).isEqualTo("close transport error");

        get(engine, POLL).await();
        nextEvent();
        post(engine, POLL + "&sid=" + SID, "9").await();
        assertThat(nextEvent()).isEqualTo("close parse error");

        get(engine, POLL).await();
        nextEvent();
        engine.close();
        assertThat(nextEvent()).isEqualTo("close server shutting down");
        assertThat(get(engine, POLL).await().status()).isEqualTo(403);
    }

    @Test
    void aClosingPollingSessionDeliversItsLastMessagesBeforeTheClosePacketAlone() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        nextEvent();
        // sent and closed in one go, with a GET waiting (the flush of "last" may not have run yet)
        FakeFront.Exchange pending = get(engine, POLL + "&sid=" + SID);
        EngineSocket socket = engine.clients().get(SID);
        socket.send("last");
        socket.close();
        assertThat(pending.await().body()).isEqualTo("4last");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("1");
        assertThat(nextEvent()).isEqualTo("close forced close");
        // without a GET waiting: the next one drains, the one after gets the close packet
        get(engine, POLL).await();
        nextEvent();
        socket = engine.clients().get(SID);
        socket.send("a");
        socket.send("b");
        socket.close();
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("4a" + SEP + "4b");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("1");
        assertThat(nextEvent()).isEqualTo("close forced close");
    }

    @Test
    void missingPongClosesWithPingTimeout() throws Exception {
        engine(EngineOptions.builder().pingInterval(Duration.ofMillis(50)).pingTimeout(Duration.ofMillis(50)));
        get(engine, POLL).await();
        nextEvent();
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("2");
        assertThat(nextEvent()).isEqualTo("close ping timeout");
    }

    @Test
    void aPollArrivingAfterAnUncollectedPingTimedOutFindsTheSessionClosedThoughTheTimersHaveNotFired()
            throws Exception {
        // the defaults (25 s + 20 s): no timer fires during the test, as on a machine too busy to run them in time
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        nextEvent();
        FakeFront.Exchange inTime = FakeFront.arrivingIn(Duration.ofSeconds(44), "GET", POLL + "&sid=" + SID, "");
        engine.handleRequest(inTime);
        assertThat(inTime.response).isNotDone(); // pending, as before
        inTime.abort();
        assertThat(nextEvent()).isEqualTo("close transport error");

        get(engine, POLL).await();
        nextEvent();
        FakeFront.Exchange late = FakeFront.arrivingIn(Duration.ofSeconds(46), "GET", POLL + "&sid=" + SID, "");
        engine.handleRequest(late);
        assertThat(nextEvent()).isEqualTo("close ping timeout");
        assertRefusal(late, 400, "{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void tooLargePostIsAnswered413AndTheSessionGoesOn() throws Exception {
        engine(EngineOptions.builder().maxHttpBufferSize(10));
        get(engine, POLL).await();
        assertThat(post(engine, POLL + "&sid=" + SID, "4" + "x".repeat(10))
                        .await()
                        .status())
                .isEqualTo(413);
        assertThat(post(engine, POLL + "&sid=" + SID, "4ok").await().body()).isEqualTo("ok");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("4ok");
        assertThat(engine.clients()).containsOnlyKeys(SID);
    }

    @Test
    void webSocketOnlyEngineRefusesAPollingHandshakeAsAnUnknownTransport() throws Exception {
        engine(EngineOptions.builder().transports(List.of(EngineOptions.WEBSOCKET)));
        assertRefusal(get(engine, POLL), 400, "{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(nextEvent()).isEqualTo("error 0 Transport unknown {transport=polling}");
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS);
        assertThat(ws.next()).startsWith("text:0{\"sid\":\"" + SID + "\",\"upgrades\":[],");
        assertThat(nextEvent()).isEqualTo("connection websocket");
    }

    @Test
    void pollingOnlyEngineOffersNoUpgradeAndRefusesAWebSocket() throws Exception {
        engine(EngineOptions.builder().transports(List.of(EngineOptions.POLLING)));
        assertThat(get(engine, POLL).await().body()).startsWith("0{\"sid\":\"" + SID + "\",\"upgrades\":[],");
        assertThat(nextEvent()).isEqualTo("connection polling");
        assertUpgradeRefusedAndPollingGoesOn("Transport unknown");
        assertThat(nextEvent()).isEqualTo("error 0 Transport unknown {transport=websocket}");
    }

    /** A WebSocket for the polling session {@link #SID} gets 400 with {@code body}; the session keeps polling. */
    private void assertUpgradeRefusedAndPollingGoesOn(String body) throws Exception {
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS + "&sid=" + SID);
        FakeFront.Response refused = ws.rejected.get(5, TimeUnit.SECONDS);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo(body);
        assertThat(ws.handler).isNull();
        assertThat(engine.clients().get(SID).transport()).isEqualTo("polling");
        assertThat(post(engine, POLL + "&sid=" + SID, "4still polling").await().body())
                .isEqualTo("ok");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("4still polling");
    }

    @Test
    void allowUpgradesFalseRefusesTheWebSocketOfAPollingSessionWhichGoesOn() throws Exception {
        engine(EngineOptions.builder().allowUpgrades(false));
        assertThat(get(engine, POLL).await().body()).contains("\"upgrades\":[]");
        assertThat(nextEvent()).isEqualTo("connection polling");
        // stricter than Node, which only stops advertising the upgrade but would still accept the probe
        assertUpgradeRefusedAndPollingGoesOn("Bad request");
    }

    private void recordPacketEvents() {
        engine.onConnection(socket -> {
            socket.onPacket(p -> events.add("packet " + p.type() + " " + p.text()));
            socket.onPacketCreate(p -> events.add("packetCreate " + p.type() + " " + p.text()));
            socket.onDrain(() -> events.add("drain"));
        });
    }

    @Test
    void packetPacketCreateAndDrainFollowAMessageItsEchoAndThePollThatCarriesIt() throws Exception {
        engine(EngineOptions.builder());
        recordPacketEvents();
        get(engine, POLL).await();
        assertThat(nextEvent()).isEqualTo("connection polling");
        // the connection listeners run before the handshake is answered, so they see its flush too
        // (Node answers first, then emits connection)
        assertThat(nextEvent()).isEqualTo("drain");
        post(engine, POLL + "&sid=" + SID, "4hi").await();
        assertThat(nextEvent()).isEqualTo("packet MESSAGE hi");
        assertThat(nextEvent()).isEqualTo("packetCreate MESSAGE hi");
        assertThat(events).isEmpty(); // no poll is pending: nothing is flushed yet
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("4hi");
        assertThat(nextEvent()).isEqualTo("drain");
        assertThat(events).isEmpty();
    }

    @Test
    void aPingIsAPacketCreateDrainedByThePollAndItsPongAPacket() throws Exception {
        engine(EngineOptions.builder().pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofSeconds(20)));
        recordPacketEvents();
        get(engine, POLL).await();
        assertThat(nextEvent()).isEqualTo("connection polling");
        // the connection listeners run before the handshake is answered, so they see its flush too
        // (Node answers first, then emits connection)
        assertThat(nextEvent()).isEqualTo("drain");
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("2");
        assertThat(nextEvent()).isEqualTo("packetCreate PING null");
        assertThat(nextEvent()).isEqualTo("drain");
        post(engine, POLL + "&sid=" + SID, "3").await();
        assertThat(nextEvent()).isEqualTo("packet PONG null");
    }

    @Test
    void drainFollowsEverySendOverWebSocket() throws Exception {
        engine(EngineOptions.builder());
        recordPacketEvents();
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS);
        ws.next();
        assertThat(nextEvent()).isEqualTo("connection websocket");
        ws.handler.onText("4ws");
        assertThat(ws.next()).isEqualTo("text:4ws");
        assertThat(nextEvent()).isEqualTo("packet MESSAGE ws");
        assertThat(nextEvent()).isEqualTo("packetCreate MESSAGE ws");
        assertThat(nextEvent()).isEqualTo("drain");
    }

    @Test
    void largePollResponsesAreDeflatedForClientsThatAcceptOnlyDeflate() throws Exception {
        String big = "4" + "y".repeat(2000);
        FakeFront.Response response = echoedPoll(EngineOptions.builder(), big, "deflate");
        assertThat(response.header("Content-Encoding")).isEqualTo("deflate");
        byte[] plain = new InflaterInputStream(new ByteArrayInputStream(response.bytes()))
                .readAllBytes(); // zlib, as Node's createDeflate
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(big);
    }

    @Test
    void aPollResponseUnderTheThresholdIsLeftPlain() throws Exception {
        String body = "4" + "z".repeat(1022); // 1023 bytes: one under the default threshold of 1024
        FakeFront.Response response = echoedPoll(EngineOptions.builder(), body, "gzip, deflate");
        assertThat(response.header("Content-Encoding")).isNull();
        assertThat(response.body()).isEqualTo(body);
        String atThreshold = "4" + "z".repeat(1023);
        post(engine, POLL + "&sid=" + SID, atThreshold).await();
        assertThat(get(engine, POLL + "&sid=" + SID, "Accept-Encoding", "gzip, deflate")
                        .await()
                        .header("Content-Encoding"))
                .isEqualTo("gzip");
    }

    @Test
    void httpCompressionOffLeavesLargePollResponsesPlain() throws Exception {
        String body = "4" + "x".repeat(5000);
        FakeFront.Response response =
                echoedPoll(EngineOptions.builder().httpCompression(false, 1024), body, "gzip, deflate");
        assertThat(response.header("Content-Encoding")).isNull();
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void aPollingClientThatNeverPollsIsBoundedInBytesNotPackets() throws Exception {
        engine(EngineOptions.builder());
        get(engine, POLL).await();
        EngineSocket socket = engine.clients().get(SID);
        int count =
                20_000; // twice the old cap of 10 000 packets, far below the 8 MiB budget (OutboundBudgetTest: the cap)
        for (int i = 0; i < count; i++) {
            assertThat(socket.send("m" + i)).as("send %d", i).isTrue();
        }
        String[] packets = get(engine, POLL + "&sid=" + SID).await().body().split(SEP);
        assertThat(packets).hasSize(count);
        assertThat(packets[0]).isEqualTo("4m0");
        assertThat(packets[count - 1]).isEqualTo("4m" + (count - 1));
        assertThat(socket.send("after the poll")).isTrue();
        assertThat(get(engine, POLL + "&sid=" + SID).await().body()).isEqualTo("4after the poll");
    }

    @Test
    void connectionErrorCarriesTheRefusedRequest() throws Exception {
        engine(EngineOptions.builder());
        AtomicReference<ConnectionError> error = new AtomicReference<>();
        engine.onConnectionError(error::set);
        get(engine, POLL + "&sid=nope", "X-Who", "me").await();
        assertThat(nextEvent()).isEqualTo("error 1 Session ID unknown {sid=nope}");
        assertThat(error.get().request()).isNotNull();
        assertThat(error.get().request().uri()).isEqualTo(POLL + "&sid=nope");
        assertThat(error.get().request().header("x-who")).isEqualTo("me");
    }

    @Test
    void originWithControlCharactersIsABadRequest() throws Exception {
        engine(EngineOptions.builder());
        assertRefusal(get(engine, POLL, "Origin", "http://a\u0001b"), 400, "{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(nextEvent())
                .startsWith("error 3 Bad request {")
                .contains("name=INVALID_ORIGIN")
                .contains("origin=http://a\u0001b");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void allowRequestDenyingADirectWebSocketIsAnswered400WithTheMessageAsNode() throws Exception {
        engine(EngineOptions.builder().allowRequest((request, verdict) -> verdict.deny("no sockets")));
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS);
        FakeFront.Response refused = ws.rejected.get(5, TimeUnit.SECONDS);
        // Node's abortUpgrade writes "400 Bad Request" for every code, 4 included
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).isEqualTo("no sockets");
        assertThat(ws.handler).isNull();
        assertThat(nextEvent()).isEqualTo("error 4 Forbidden {message=no sockets}");
        assertThat(engine.clientsCount()).isZero();
    }

    @Test
    void corsWithAPredicateReflectsTheOriginsItAccepts() throws Exception {
        engine(EngineOptions.builder().cors(CorsOptions.origins(origin -> origin.endsWith(".good.example"))));
        FakeFront.Response allowed =
                get(engine, POLL, "Origin", "https://a.good.example").await();
        assertThat(allowed.headers()).containsEntry("Access-Control-Allow-Origin", List.of("https://a.good.example"));
        FakeFront.Response other = post(engine, POLL + "&sid=" + SID, "4x", "Origin", "https://bad.example")
                .await();
        assertThat(other.headers())
                .doesNotContainKey("Access-Control-Allow-Origin")
                .containsEntry("Vary", List.of("Origin"));
        assertThat(other.body()).isEqualTo("ok"); // as Node's cors package: no header, the request goes on
    }

    @Test
    void initialHeadersApplyToADirectWebSocketHandshakeButNotToAnUpgrade() throws Exception {
        engine(EngineOptions.builder());
        engine.onInitialHeaders((headers, request) -> headers.put("X-Initial", List.of(request.query("transport"))));
        FakeFront.Socket direct = FakeFront.webSocket(engine, WS);
        direct.next();
        assertThat(direct.responseHeaders()).containsEntry("X-Initial", List.of("websocket"));
        direct.handler.onText("1");
        assertThat(nextEvent()).isEqualTo("connection websocket");
        assertThat(nextEvent()).isEqualTo("close transport close");

        FakeFront.Response open = get(engine, POLL).await();
        assertThat(open.header("X-Initial")).isEqualTo("polling");
        FakeFront.Socket upgrade = FakeFront.webSocket(engine, WS + "&sid=" + SID);
        assertThat(upgrade.handler).isNotNull();
        assertThat(upgrade.responseHeaders()).doesNotContainKey("X-Initial");
    }

    @Test
    void missingPongOverWebSocketClosesWithPingTimeout() throws Exception {
        engine(EngineOptions.builder().pingInterval(Duration.ofMillis(50)).pingTimeout(Duration.ofMillis(50)));
        FakeFront.Socket ws = FakeFront.webSocket(engine, WS);
        ws.next();
        assertThat(nextEvent()).isEqualTo("connection websocket");
        assertThat(ws.next()).isEqualTo("text:2");
        assertThat(ws.next()).isEqualTo("close");
        assertThat(nextEvent()).isEqualTo("close ping timeout");
        assertThat(engine.clientsCount()).isZero();
    }
}
