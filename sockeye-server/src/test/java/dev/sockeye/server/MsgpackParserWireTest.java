package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.Decoder;
import dev.sockeye.core.parser.MsgpackParser;
import dev.sockeye.core.parser.PacketData;
import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code builder.parser(new MsgpackParser())}: every packet in and out is one binary message in the
 * format of socket.io-msgpack-parser, through namespaces, middlewares, acks both ways, binary and
 * rooms; malformed msgpack closes that connection only.
 */
class MsgpackParserWireTest extends WireTest {

    private static final MsgpackParser PARSER = new MsgpackParser();
    private final Recorder<String> events = new Recorder<>();
    private final Recorder<Socket> sockets = new Recorder<>();
    /** The server side of the last {@link #connectedWithMsgpack()}. */
    private Socket lastSocket;

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SocketIoServer server = builder.parser(PARSER).build();
        server.use((socket, next) -> {
            if (socket.handshake().auth().has("bad")) {
                next.fail(new ConnectError("not authorized", Map.of("code", 401)));
            } else {
                next.proceed();
            }
        });
        server.onConnection(socket -> {
            socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray()));
            socket.on("join", String.class, room -> socket.join(room));
            socket.onDisconnect(reason -> events.record("disconnect " + reason));
            sockets.record(socket);
        });
        server.of("/admin").onConnection(socket -> socket.emit("hello admin"));
        return server;
    }

    /** A client packet: {@code {type, data, nsp, id}} as msgpack. */
    private static byte[] packet(PacketType type, String nsp, String json, Long id) {
        return PARSER.encoder()
                .encode(new Packet(
                        type, nsp, json == null ? null : PARSER.mapper().readTree(json), id))
                .binary();
    }

    private static Packet decode(byte[] fromServer) {
        try {
            return PARSER.newClientDecoder().add(fromServer);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static String describe(Packet packet) {
        return packet.type() + " " + packet.nsp() + " " + packet.data()
                + (packet.id() != null ? " id " + packet.id() : "");
    }

    private FakeEngineSocket connectedWithMsgpack() {
        FakeEngineSocket conn = open();
        // socket.io-client's CONNECT without auth, as npm socket.io-msgpack-parser writes it: data is undefined (d4 00
        // 00)
        conn.receive(HexFormat.of().parseHex("83a47479706500a464617461d40000a36e7370a12f"));
        Packet reply = decode(conn.nextBinary());
        assertThat(reply.type()).isEqualTo(PacketType.CONNECT);
        lastSocket = sockets.next();
        assertThat(reply.data().get("sid").asString()).isEqualTo(lastSocket.id());
        return conn;
    }

    @Test
    void theConnectReplyIsOneBinaryMessageAsANodeServerWritesIt() {
        FakeEngineSocket conn = open();
        conn.receive(packet(PacketType.CONNECT, "/", "{\"token\":\"t\"}", null));
        byte[] reply = conn.nextBinary();
        String sid = sockets.next().id();
        // {type: 0, data: {sid}, nsp: "/"}
        assertThat(HexFormat.of().formatHex(reply))
                .isEqualTo("83a47479706500a46461746181a3736964b4"
                        + HexFormat.of().formatHex(sid.getBytes(StandardCharsets.US_ASCII)) + "a36e7370a12f");
        conn.assertNothingSent(QUIET);
    }

    @Test
    void eventsWithBinaryAndAcksGoBothWays() throws Exception {
        FakeEngineSocket conn = connectedWithMsgpack();
        Socket socket = lastSocket;
        conn.receive(PARSER.encoder()
                .encode(new Packet(
                        PacketType.EVENT,
                        "/",
                        PacketData.eventData(PARSER.mapper(), "echo", 1, "two", new byte[] {3, 4}),
                        9L))
                .binary());
        Packet ack = decode(conn.nextBinary());
        assertThat(describe(ack)).isEqualTo("ACK / [1,\"two\",\"AwQ=\"] id 9");
        assertThat(ack.data().get(2).isBinary()).isTrue();

        CompletableFuture<JsonNode> answer = socket.timeout(Duration.ofSeconds(5))
                .emitWithAck("question", JsonNode.class, Map.of("q", 42), new byte[] {9});
        Packet question = decode(conn.nextBinary());
        assertThat(describe(question)).isEqualTo("EVENT / [\"question\",{\"q\":42},\"CQ==\"] id " + question.id());
        assertThat(question.data().get(2).binaryValue()).containsExactly(9);
        conn.receive(packet(PacketType.ACK, "/", "[{\"a\":true}]", question.id()));
        assertThat(answer.get(5, TimeUnit.SECONDS).toString()).isEqualTo("{\"a\":true}");
    }

    @Test
    void namespacesMiddlewaresAndRoomsWork() {
        FakeEngineSocket conn = connectedWithMsgpack();
        conn.receive(packet(PacketType.CONNECT, "/admin", null, null));
        assertThat(describe(decode(conn.nextBinary()))).startsWith("CONNECT /admin {\"sid\":");
        assertThat(describe(decode(conn.nextBinary()))).isEqualTo("EVENT /admin [\"hello admin\"]");
        conn.receive(packet(PacketType.CONNECT, "/nowhere", null, null));
        assertThat(describe(decode(conn.nextBinary())))
                .isEqualTo("CONNECT_ERROR /nowhere {\"message\":\"Invalid namespace\"}");

        FakeEngineSocket refused = open();
        refused.receive(packet(PacketType.CONNECT, "/", "{\"bad\":1}", null));
        byte[] error = refused.nextBinary();
        // {type: 4, data: {message: "not authorized", data: {code: 401}}, nsp: "/"}, the npm parser's bytes
        assertThat(HexFormat.of().formatHex(error))
                .isEqualTo(
                        "83a47479706504a46461746182a76d657373616765ae6e6f7420617574686f72697a6564a46461746181a4636f6465cd0191a36e7370a12f");

        FakeEngineSocket other = connectedWithMsgpack();
        conn.receive(packet(PacketType.EVENT, "/", "[\"join\",\"r\"]", null));
        conn.receive(packet(PacketType.EVENT, "/", "[\"echo\"]", 1L)); // handlers run in order: joined once acked
        decode(conn.nextBinary());
        io.to("r").emit("news", new byte[] {1});
        assertThat(describe(decode(conn.nextBinary()))).isEqualTo("EVENT / [\"news\",\"AQ==\"]");
        other.assertNothingSent(QUIET);
    }

    @Test
    void malformedMsgpackClosesThatConnectionOnly() {
        FakeEngineSocket bad = connectedWithMsgpack();
        FakeEngineSocket good = connectedWithMsgpack();
        bad.receive(new byte[] {(byte) 0x83, (byte) 0xa4});
        bad.awaitClosed();
        events.assertNext("disconnect forced close"); // what a Node server says for a packet its parser refuses
        good.receive(packet(PacketType.EVENT, "/", "[\"echo\",\"still here\"]", 2L));
        assertThat(describe(decode(good.nextBinary()))).isEqualTo("ACK / [\"still here\"] id 2");
        assertThat(good.isClosed()).isFalse();
    }

    @Test
    void aTextMessageClosesTheConnection() {
        FakeEngineSocket conn = connectedWithMsgpack();
        conn.receive("42[\"echo\"]");
        conn.awaitClosed();
        events.assertNext("disconnect forced close");
    }

    @Test
    void aDecoderPerConnectionKeepsNothingBetweenMessages() throws DecodeException {
        Decoder decoder = PARSER.newDecoder();
        assertThat(decoder.add(packet(PacketType.DISCONNECT, "/", null, null))).isNotNull();
        decoder.destroy();
        assertThat(decoder.add(packet(PacketType.DISCONNECT, "/", null, null))).isNotNull();
    }
}
