package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sockeye.core.adapter.AdapterTimeoutException;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.testing.Await;
import dev.sockeye.testing.LogCapture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad bus messages, lost connections and vanished nodes, on the real PostgreSQL. */
class PostgresResilienceTest {

    private static final Pattern SEQ = Pattern.compile("2\\[\"seq\",(\\d+)]");
    private static final Pattern LOST = Pattern.compile(
            "WARN dev\\.sockeye\\.postgres\\.internal\\.PgBus - listening connection "
                    + "to PostgreSQL lost \\((.*)\\); notifications sent by other nodes until it is back are lost; reconnecting in (\\d+) ms");
    private static final Pattern RETRY = Pattern.compile(
            "WARN dev\\.sockeye\\.postgres\\.internal\\.PgBus - cannot listen on PostgreSQL \\((.*)\\); retrying in (\\d+) ms");
    private static final Pattern BACK = Pattern.compile(
            "WARN dev\\.sockeye\\.postgres\\.internal\\.PgBus - listening connection "
                    + "to PostgreSQL is back \\(backend (\\d+)\\); notifications sent by other nodes while it was down were lost");

    private final String prefix = TestDatabase.uniqueName();
    private final String table = "att_" + prefix;
    private final List<StubServer> nodes = new ArrayList<>();

    private StubServer node(String name, PostgresAdapterOptions options) {
        StubServer node = new StubServer(name, TestDatabase.dataSource(prefix + "-" + name), options);
        nodes.add(node);
        node.main();
        return node;
    }

    private PostgresAdapterOptions.Builder options() {
        return PostgresAdapterOptions.builder()
                .channelPrefix(prefix)
                .tableName(table)
                .reconnectDelay(Duration.ofMillis(100))
                .maxReconnectDelay(Duration.ofMillis(500));
    }

    @AfterEach
    void stop() throws Exception {
        for (StubServer node : nodes) {
            node.close();
        }
        TestDatabase.execute("DROP TABLE IF EXISTS " + table);
    }

    @Test
    void badBusMessagesAreDroppedAndTheListenerGoesOn() throws Exception {
        StubServer a = node("a", options().build());
        StubServer b = node("b", options().build());
        StubServer.awaitCluster(a, b);
        var b1 = b.main().connect();
        int listener = b.factory.listenerBackendPid();
        String channel = prefix + "#/";
        long garbageRow = insertRow(new byte[] {(byte) 0xc1, 0x00}, "now()");

        for (String garbage : List.of(
                "not json",
                "[1,2]",
                "{}",
                "{\"type\":\"3\"}",
                "{\"uid\":\"x\",\"nsp\":\"/\",\"type\":3,\"data\":{\"packet\":5}}",
                "{\"uid\":\"x\",\"nsp\":\"/\",\"type\":3}",
                "{\"uid\":\"x\",\"nsp\":\"/\",\"type\":7,\"data\":{\"opts\":7}}",
                "{\"uid\":\"x\",\"nsp\":\"/\",\"type\":99}",
                "{\"uid\":\"x\",\"type\":3,\"attachmentId\":\"999999999999\"}",
                "{\"uid\":\"x\",\"type\":3,\"attachmentId\":\"abc\"}",
                "{\"uid\":\"x\",\"type\":3,\"attachmentId\":\"" + garbageRow + "\"}",
                "{\"uid\":\"x\",\"nsp\":\"/\",\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":[\"sneaky\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}},\"extra\":[")) {
            TestDatabase.notify(channel, garbage);
        }
        // an emitter's message carries no namespace: it is taken from the channel
        TestDatabase.notify(
                channel,
                "{\"uid\":\"emitter\",\"type\":3,\"data\":{\"packet\":{\"type\":2,\"data\":"
                        + "[\"from-emitter\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}}");
        a.main().broadcastEvent(BroadcastOptions.all(), "still-alive");

        assertThat(b1.nextText()).isEqualTo("2[\"from-emitter\"]");
        assertThat(b1.nextText()).isEqualTo("2[\"still-alive\"]");
        assertThat(b.factory.listenerBackendPid()).isEqualTo(listener);
    }

    @Test
    void theListenerReconnectsAfterItsConnectionDropsDuringTraffic() throws Exception {
        StubServer a = node("a", options().build());
        StubServer b = node("b", options().build());
        StubServer.awaitCluster(a, b);
        var a1 = a.main().connect();
        var b1 = b.main().connect();
        List<Integer> seen = new ArrayList<>();
        int seq = 0;
        for (; seq < 20; seq++) {
            a.main().broadcastEvent(BroadcastOptions.all(), "seq", seq);
            seen.add(seqOf(b1.nextText()));
        }
        int before = b.factory.listenerBackendPid();

        assertThat(TestDatabase.terminatePid(before)).isTrue();
        // keep the traffic going until the client on b sees it again
        boolean recovered = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!recovered && System.nanoTime() < deadline && seq < 5000) {
            a.main().broadcastEvent(BroadcastOptions.all(), "seq", seq++);
            Object message = b1.received.poll(20, TimeUnit.MILLISECONDS);
            if (message != null) {
                int got = seqOf(((EncodedPacket.Text) message).text());
                seen.add(got);
                recovered = got > 20 && b.factory.listenerBackendPid() != before;
            }
        }

        assertThat(recovered)
                .as("b's client receives again after the listener reconnected")
                .isTrue();
        assertThat(b.factory.listenerBackendPid()).isNotEqualTo(before).isPositive();
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        // nothing a emitted is lost for a's own client
        for (int i = 0; i < seq; i++) {
            assertThat(seqOf(a1.nextText())).isEqualTo(i);
        }
        // requests work again in both directions
        var fetched = b.main().adapter.fetchSockets(BroadcastOptions.all()).get(10, TimeUnit.SECONDS);
        assertThat(fetched).extracting(FetchedSocket::id).containsExactlyInAnyOrder(a1.id, b1.id);
        assertThat(a.main()
                        .adapter
                        .serverSideEmitWithAck(Json.array("ping"), Duration.ofSeconds(5))
                        .get(10, TimeUnit.SECONDS))
                .extracting(n -> n.asString())
                .containsExactly("pong-b");
    }

    @Test
    void publishingSurvivesTheLossOfBothConnectionsOfANode() throws Exception {
        StubServer a = node("a", options().build());
        StubServer b = node("b", options().build());
        StubServer.awaitCluster(a, b);
        var a1 = a.main().connect();
        var b1 = b.main().connect();

        assertThat(TestDatabase.terminate(prefix + "-a")).isEqualTo(2);
        a.main().broadcastEvent(BroadcastOptions.all(), "after-cut");

        // a's publisher reconnects and sends it; b never lost its listener
        assertThat(b1.nextText()).isEqualTo("2[\"after-cut\"]");
        assertThat(a1.nextText()).isEqualTo("2[\"after-cut\"]");
        // and a listens again: what b sends once a is back reaches a's client
        Await.until("a listening again", StubServer.WAIT, () -> a.factory.listenerBackendPid() > 0);
        b.main().broadcastEvent(BroadcastOptions.all(), "to-a");
        assertThat(a1.nextText()).isEqualTo("2[\"to-a\"]");
    }

    @Test
    void silentNodesExpireWhileHeartbeatsKeepTheOthersKnown() {
        PostgresAdapterOptions fast = options()
                .heartbeatInterval(Duration.ofMillis(200))
                .heartbeatTimeout(Duration.ofMillis(700))
                .build();
        StubServer a = node("a", fast);
        StubServer b = node("b", fast);
        StubServer c = node("c", fast);
        Await.until(
                "3 nodes", StubServer.WAIT, () -> a.serverCount() == 3 && b.serverCount() == 3 && c.serverCount() == 3);

        // c vanishes without ADAPTER_CLOSE
        c.crash();
        nodes.remove(c);

        Await.until("c expired", StubServer.WAIT, () -> a.serverCount() == 2 && b.serverCount() == 2);
        // idle for longer than the timeout, a and b still know each other through heartbeats
        long idleUntil = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        Await.until("idle time", StubServer.WAIT, () -> System.nanoTime() > idleUntil);
        assertThat(a.serverCount()).isEqualTo(2);
        assertThat(b.serverCount()).isEqualTo(2);
    }

    @Test
    void fromUrlMakesANodeOfTheCluster() throws Exception {
        PostgresAdapterOptions opts = options().build();
        StubServer a = node("a", opts);
        StubServer fromUrl = new StubServer("url", PostgresAdapters.fromUrl(TestDatabase.url(), opts));
        nodes.add(fromUrl);
        var socket = fromUrl.main().connect();
        StubServer.awaitCluster(a, fromUrl);

        a.main().broadcastEvent(BroadcastOptions.all(), "hi");

        assertThat(socket.nextText()).isEqualTo("2[\"hi\"]");
    }

    @Test
    void oldAttachmentsAreDeletedPeriodicallyAndRecentOnesKept() throws Exception {
        Duration interval = Duration.ofSeconds(2);
        TestDatabase.execute("CREATE TABLE IF NOT EXISTS " + table
                + " (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)");
        long sentinel = insertRow(new byte[] {1}, "now() - interval '1 hour'");
        StubServer a = node("a", options().cleanupInterval(interval).build());
        // the first cleanup: from now on the next one is one interval away
        Await.until("the first cleanup", StubServer.WAIT, () -> !rowExists(sentinel));
        long halfway = System.nanoTime() + interval.toNanos() / 2;
        Await.until("half an interval", StubServer.WAIT, () -> System.nanoTime() > halfway);

        long old = insertRow(new byte[] {2}, "now() - interval '1 hour'");
        a.main().broadcastEvent(BroadcastOptions.all(), "bin", new byte[] {3}); // a real attachment
        Await.until("the broadcast's attachment", StubServer.WAIT, () -> count() == 2);
        long recent = TestDatabase.count("SELECT max(id) FROM " + table);
        assertThat(recent).isGreaterThan(old);

        // the second cleanup: the old row goes, the one of half an interval ago stays
        Await.until("the second cleanup", StubServer.WAIT, () -> !rowExists(old));
        assertThat(rowExists(recent)).as("attachment younger than the interval").isTrue();
        // the third: now older than the interval, it goes too
        Await.until("the third cleanup", StubServer.WAIT, () -> !rowExists(recent));
        assertThat(count()).isZero();
    }

    @Test
    void theListenerReconnectsWithBackoffAndLogsThatNotificationsWereLost() throws Exception {
        StubServer a = node("a", options().build());
        SwitchableDataSource bSource = new SwitchableDataSource(TestDatabase.dataSource(prefix + "-b"));
        StubServer b = new StubServer(
                "b",
                bSource,
                options().maxReconnectDelay(Duration.ofMillis(800)).build());
        nodes.add(b);
        var b1 = b.main().connect();
        StubServer.awaitCluster(a, b);
        a.main().broadcastEvent(BroadcastOptions.all(), "before");
        assertThat(b1.nextText()).isEqualTo("2[\"before\"]");
        int before = b.factory.listenerBackendPid();

        try (LogCapture log = new LogCapture()) {
            bSource.down(true);
            assertThat(TestDatabase.terminatePid(before)).isTrue();
            Await.until("4 refused reconnections", StubServer.WAIT, () -> bSource.refused.get() >= 4);
            // sent while b cannot listen: lost for b, as the log says
            TestDatabase.notify(
                    prefix + "#/",
                    "{\"uid\":\"emitter\",\"type\":3,\"data\":{\"packet\":{\"type\":2,"
                            + "\"data\":[\"while-down\"]},\"opts\":{\"rooms\":[],\"except\":[],\"flags\":{}}}}");
            bSource.down(false);
            int backend =
                    Integer.parseInt(log.await(BACK, 1, StubServer.WAIT).get(0).group(1));
            a.main().broadcastEvent(BroadcastOptions.all(), "after");

            assertThat(b1.nextText()).isEqualTo("2[\"after\"]");
            assertThat(b1.received).isEmpty();
            assertThat(backend).isEqualTo(b.factory.listenerBackendPid()).isNotEqualTo(before);
            List<Matcher> lost = log.matching(LOST);
            assertThat(lost).hasSize(1);
            assertThat(lost.get(0).group(1)).contains("terminating connection due to administrator command");
            List<Matcher> retries = log.matching(RETRY);
            assertThat(retries)
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(m -> assertThat(m.group(1)).contains("test: connection refused"));
            // each delay is the doubled previous one (100, 200, 400 ms, capped at 800), between half and all of it
            List<Long> delays = new ArrayList<>();
            delays.add(Long.parseLong(lost.get(0).group(2)));
            retries.forEach(m -> delays.add(Long.parseLong(m.group(2))));
            for (int attempt = 0; attempt < delays.size(); attempt++) {
                long nominal = Math.min(100L << attempt, 800);
                assertThat(delays.get(attempt))
                        .as("delay %d of %s", attempt, delays)
                        .isBetween(nominal / 2, nominal);
            }
        }
    }

    @Test
    void requestsToAVanishedNodeTimeOutUntilItExpires() throws Exception {
        PostgresAdapterOptions fast = options()
                .heartbeatInterval(Duration.ofMillis(200))
                .heartbeatTimeout(Duration.ofSeconds(4))
                .requestsTimeout(Duration.ofSeconds(1))
                .build();
        StubServer a = node("a", fast);
        StubServer b = node("b", fast);
        StubServer c = node("c", fast);
        var a1 = a.main().connect();
        var b1 = b.main().connect();
        c.main().connect();
        Await.until(
                "3 nodes", StubServer.WAIT, () -> a.serverCount() == 3 && b.serverCount() == 3 && c.serverCount() == 3);

        // c vanishes without ADAPTER_CLOSE: a still counts it and waits for its answers
        c.crash();
        nodes.remove(c);
        var fetch = a.main().adapter.fetchSockets(BroadcastOptions.all());
        var ping = a.main().adapter.serverSideEmitWithAck(Json.array("ping"), null);

        AdapterTimeoutException fetchTimeout = timeoutOf(fetch);
        assertThat(fetchTimeout.partialResults())
                .extracting(s -> ((FetchedSocket) s).id())
                .containsExactlyInAnyOrder(a1.id, b1.id);
        AdapterTimeoutException pingTimeout = timeoutOf(ping);
        assertThat(pingTimeout.partialResults())
                .extracting(n -> ((JsonNode) n).asString())
                .containsExactly("pong-b");

        // once its heartbeats are overdue, c is no longer counted nor waited for
        Await.until("c expired", StubServer.WAIT, () -> a.serverCount() == 2 && b.serverCount() == 2);
        assertThat(a.main().adapter.fetchSockets(BroadcastOptions.all()).get(10, TimeUnit.SECONDS))
                .extracting(FetchedSocket::id)
                .containsExactlyInAnyOrder(a1.id, b1.id);
        assertThat(a.main()
                        .adapter
                        .serverSideEmitWithAck(Json.array("ping"), null)
                        .get(10, TimeUnit.SECONDS))
                .extracting(JsonNode::asString)
                .containsExactly("pong-b");
    }

    /** The timeout a request fails with: it must fail, not hang. */
    private static AdapterTimeoutException timeoutOf(CompletableFuture<?> request) {
        Throwable error = catchThrowable(() -> request.get(10, TimeUnit.SECONDS));
        assertThat(error)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(AdapterTimeoutException.class)
                .hasMessageStartingWith("timeout reached");
        return (AdapterTimeoutException) error.getCause();
    }

    /** Inserts an attachment row created at {@code createdAtSql}; returns its id. */
    private long insertRow(byte[] payload, String createdAtSql) throws Exception {
        try (Connection c = TestDatabase.dataSource("sockeye-test-admin").getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (created_at, payload) VALUES ("
                        + createdAtSql + ", ?) RETURNING id")) {
            insert.setBytes(1, payload);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private boolean rowExists(long id) {
        return countOf("SELECT count(*) FROM " + table + " WHERE id = " + id) == 1;
    }

    private long count() {
        return countOf("SELECT count(*) FROM " + table);
    }

    private static long countOf(String sql) {
        try {
            return TestDatabase.count(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static int seqOf(String text) {
        Matcher m = SEQ.matcher(text);
        assertThat(m.matches()).as("seq packet: %s", text).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
