package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.bench.BenchFlags;
import dev.sockeye.bench.BenchServer;
import dev.sockeye.testing.node.NodePeer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bench server of {@code ../shared/bench/CONTRACT.md} passes the contract check of {@code node/bench/contract.js}
 * (raw WebSockets, exact packets, the way the load generator talks): alone with the in-memory adapter, as a cluster
 * of two over each backend of the contract's Cluster section, with {@code --parser msgpack} (the check then speaks
 * socket.io-msgpack-parser's format), and started through {@code benchmarks/bench-server.sh} (READY line, SIGTERM,
 * {@code --metrics-port}); the limit server of {@code benchmarks/limit-server.sh} passes the same check.
 */
class BenchServerContractTest {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(40);
    private static final Pattern READY = Pattern.compile("READY port=(\\d+) pid=(\\d+)");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the next test starts its own servers
            }
        }
    }

    @Test
    void aLoneServerPassesTheContractCheck() throws Exception {
        BenchServer server = started(BenchServer.start(0, ""));
        assertPasses(runCheck(server.port()));
    }

    @Test
    void aMsgpackServerPassesTheContractCheckInThatFormat() throws Exception {
        BenchServer server = started(BenchServer.start(0, BenchFlags.DEFAULTS.withParser("msgpack")));
        assertPasses(runCheck("msgpack", server.port()));
    }

    @Test
    void theAdminUiFlagInstrumentsTheServerBehindTheBcryptHashOfThePassword() throws Exception {
        BenchServer server = started(BenchServer.start(0, BenchFlags.DEFAULTS.withAdminUi("admin:bench-pw")));
        assertPasses(runCheck(server.port()));
        try (NodeClients clients = new NodeClients(server.port(), "websocket")) {
            clients.send("wrong", "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\"nope\"}}");
            assertThat(clients.next("wrong").path("message").asString()).isEqualTo("invalid credentials");
            clients.send("ui", "{\"open\":\"/admin\",\"auth\":{\"username\":\"admin\",\"password\":\"bench-pw\"}}");
            assertThat(clients.awaitMessage("ui", "config").toString()).contains("\"ALL_EVENTS\"", "\"DISCONNECT\"");
            assertThat(clients.awaitMessage("ui", "server_stats")
                            .get(0)
                            .path("namespaces")
                            .toString())
                    .contains("{\"name\":\"/admin\",\"socketsCount\":1}");
        }
    }

    @Test
    void theAllowEio3FlagLetsASocketIoV2ClientIn() throws Exception {
        BenchServer server = started(BenchServer.start(0, BenchFlags.DEFAULTS.withAllowEio3(true)));
        assertPasses(runCheck(server.port()));
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/socket.io/?EIO=3&transport=websocket")) {
            assertThat(ws.next().text()).startsWith("0{");
            assertThat(ws.next().text()).isEqualTo("40"); // protocol v4: the main namespace is joined unasked
            ws.sendText("420[\"echo\",\"v2\"]");
            assertThat(ws.nextMessage()).isEqualTo("430[\"v2\"]");
        }
        BenchServer v4Only = started(BenchServer.start(0, BenchFlags.DEFAULTS));
        try (RawWebSocket ws = RawWebSocket.connect(v4Only.port(), "/socket.io/?EIO=3&transport=websocket")) {
            assertThat(ws.status).isEqualTo(400);
        }
    }

    @Test
    void aServerWithRecoveryPassesTheContractCheckWithOffsetsOnItsTicks() throws Exception {
        BenchServer server = started(BenchServer.start(0, BenchFlags.DEFAULTS.withRecovery(true)));
        List<String> lines = runCheck(List.of("--recovery"), server.port());
        assertPasses(lines);
        assertThat(lines).anyMatch(l -> l.contains("connect reply has a pid"));
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/socket.io/?EIO=4&transport=websocket")) {
            assertThat(ws.next().text()).startsWith("0{");
            ws.sendText("40");
            assertThat(ws.next().text()).matches("40\\{\"sid\":\"[\\w-]{20}\",\"pid\":\"[\\w-]{20}\"\\}");
            ws.sendText("420[\"join\",\"r\"]");
            assertThat(ws.next().text()).isEqualTo("430[1]");
            ws.sendText("421[\"broadcast\",{\"room\":\"r\",\"count\":1,\"size\":2,\"rate\":0}]");
            assertThat(ws.next().text())
                    .matches("42\\[\"tick\",\\{\"seq\":0,\"t\":\\d+,\"p\":\"xx\"\\},\"[0-9a-z]+\"\\]");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "redis://127.0.0.1:6379",
                "redis-sharded://127.0.0.1:6379",
                "redis-streams://127.0.0.1:6379",
                "postgres://postgres@127.0.0.1:5432/test"
            })
    void twoServersOnOneBackendActAsOneCluster(String adapter) throws Exception {
        BenchServer first = started(BenchServer.start(0, adapter));
        BenchServer second = started(BenchServer.start(0, adapter));
        List<String> lines = runCheck(first.port(), second.port());
        assertPasses(lines);
        assertThat(lines)
                .anyMatch(l -> l.contains("servers on server 1 counts the cluster"))
                .anyMatch(l -> l.contains("remote-join reached the socket on another server"))
                .anyMatch(l -> l.contains("broadcast reached server 1 in order"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "msgpack"})
    void theScriptPrintsReadyServesTheContractAndStopsOnSigterm(String parser) throws Exception {
        Process process = script("benchmarks/bench-server.sh", "--parser", parser);
        assertPasses(runCheck(parser, readyPort(process)));

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }

    @Test
    void theLimitServerScriptPassesTheSameCheckAndStopsOnSigterm() throws Exception {
        Process process = script("benchmarks/limit-server.sh");
        assertPasses(runCheck(readyPort(process)));

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }

    @Test
    void withMetricsPortTheScriptServesTheSockeyeMetersInPrometheusTextOnceAClientConnected() throws Exception {
        int metricsPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = probe.getLocalPort(); // free now; the script binds it right after
        }
        Process process = script("benchmarks/bench-server.sh", "--metrics-port", Integer.toString(metricsPort));
        int port = readyPort(process);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .build();
        assertThat(http.send(scrape, HttpResponse.BodyHandlers.ofString()).body())
                .contains("socketio_connections{transport=\"websocket\"} 0.0");

        try (NodePeer client =
                NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + port, "websocket")) {
            client.send("{\"open\":\"/\"}");
            client.awaitLine(l -> l.contains("\"event\":\"connect\""));
            HttpResponse<String> response = http.send(scrape, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(response.body())
                    .contains("socketio_connections{transport=\"websocket\"} 1.0")
                    .contains("socketio_sockets{namespace=\"/\"} 1.0")
                    .contains("socketio_connects_total{namespace=\"/\",result=\"accepted\"} 1.0")
                    .contains("socketio_packets_total{direction=\"in\"}");
        }
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("exits on SIGTERM").isTrue();
    }

    /** Starts {@code <script> --port 0 --max-seconds 60 <args>} with this build's classes. */
    private Process script(String script, String... args) throws IOException {
        File root = new File("..").getCanonicalFile();
        List<String> command = new ArrayList<>(List.of(script, "--port", "0", "--max-seconds", "60"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(root).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SOCKEYE_SKIP_BUILD", "1"); // the classes are this build's own
        Process process = builder.start();
        toClose.add(process::destroyForcibly);
        return process;
    }

    /** Reads the script's READY line: its pid is the script's (exec'd JVM); returns the port. */
    private static int readyPort(Process process) throws IOException {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).matches(READY);
        Matcher m = READY.matcher(ready);
        assertThat(m.matches()).isTrue();
        assertThat(Long.parseLong(m.group(2))).isEqualTo(process.pid()); // exec'd: the JVM is the script's process
        return Integer.parseInt(m.group(1));
    }

    private BenchServer started(BenchServer server) {
        toClose.add(server);
        return server;
    }

    /** Runs the contract check against the servers; returns its report lines, the last one {@code done}. */
    private List<String> runCheck(int... ports) throws IOException, InterruptedException {
        return runCheck("json", ports);
    }

    /** Runs the contract check in a wire format ({@code --parser json|msgpack}). */
    private List<String> runCheck(String parser, int... ports) throws IOException, InterruptedException {
        return runCheck(List.of("--parser", parser), ports);
    }

    /** Runs the contract check with these flags ({@code --parser …}, {@code --recovery}). */
    private List<String> runCheck(List<String> flags, int... ports) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(flags);
        for (int port : ports) {
            args.add(Integer.toString(port));
        }
        List<String> lines = new ArrayList<>();
        try (NodePeer check = NodePeer.start("bench/contract.js", Map.of(), args.toArray(String[]::new))) {
            while (lines.isEmpty() || !lines.get(lines.size() - 1).contains("\"done\"")) {
                lines.add(check.next(CHECK_TIMEOUT)); // fails on timeout or when the script ends early
            }
            return lines;
        }
    }

    private static void assertPasses(List<String> lines) {
        assertThat(lines).as("every check passes").allMatch(l -> l.contains("\"pass\":true") || l.contains("\"done\""));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"done\":true,\"failed\":0}");
        assertThat(lines).hasSizeGreaterThan(10);
    }
}
