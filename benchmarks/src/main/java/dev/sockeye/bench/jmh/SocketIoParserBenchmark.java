package dev.sockeye.bench.jmh;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.Decoder;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.core.parser.PacketData;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.ObjectMapper;

/**
 * The default Socket.IO parser ({@link JsonParser}, Jackson) encoding and decoding one packet:
 * the tick EVENT {@code 2["tick",{"seq":1,"t":…,"p":"xxx…100"}]} (on the wire {@code 42[…]}),
 * the ACK {@code 31["ok"]} and a BINARY_EVENT with a 256-byte attachment. The encode benchmarks
 * start from a ready tree, except {@link #encodeEventFromRecord}, which also converts the
 * {@link Tick} record to a tree as every {@code emit} does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SocketIoParserBenchmark {
    private static final String BINARY_HEADER = "51-[\"upload\",{\"_placeholder\":true,\"num\":0}]";

    private final JsonParser parser = new JsonParser();
    private final ObjectMapper mapper = parser.mapper();
    private final Encoder encoder = parser.encoder();
    /** One decoder for the whole run, as one connection would use: it holds no state between packets. */
    private final Decoder decoder = parser.newDecoder();

    private final Tick tick = Tick.first();
    private Packet event;
    private Packet ack;
    private Packet binaryEvent;

    /** Builds the packets and checks that they encode to the texts the decode benchmarks read. */
    @Setup
    public void setUp() {
        event = Packet.event("/", PacketData.eventData(mapper, "tick", tick));
        ack = new Packet(PacketType.ACK, "/", PacketData.ackData(mapper, "ok"), 1L);
        binaryEvent = Packet.event("/", PacketData.eventData(mapper, "upload", (Object) Tick.ATTACHMENT));
        expect(encoder.encode(event), Tick.EVENT_TEXT);
        expect(encoder.encode(ack), Tick.ACK_TEXT);
        expect(encoder.encode(binaryEvent), BINARY_HEADER);
    }

    private static void expect(EncodedPacket encoded, String text) {
        if (!encoded.messages().get(0).equals(new EncodedPacket.Text(text))) {
            throw new IllegalStateException("encoded " + encoded.messages().get(0) + ", expected " + text);
        }
    }

    /** The tick EVENT from a ready tree. */
    @Benchmark
    public EncodedPacket encodeEvent() {
        return encoder.encode(event);
    }

    /** The tick EVENT from the {@link Tick} record: argument conversion ({@code valueToTree}) plus encoding. */
    @Benchmark
    public EncodedPacket encodeEventFromRecord() {
        return encoder.encode(Packet.event("/", PacketData.eventData(mapper, "tick", tick)));
    }

    /** The tick EVENT text into a packet (a Jackson tree). */
    @Benchmark
    public Packet decodeEvent() throws DecodeException {
        return decoder.add(Tick.EVENT_TEXT);
    }

    /** {@code 31["ok"]}. */
    @Benchmark
    public EncodedPacket encodeAck() {
        return encoder.encode(ack);
    }

    /** {@code 31["ok"]} into a packet. */
    @Benchmark
    public Packet decodeAck() throws DecodeException {
        return decoder.add(Tick.ACK_TEXT);
    }

    /** An event with a 256-byte attachment: the header with its placeholder, plus the attachment. */
    @Benchmark
    public EncodedPacket encodeBinaryEvent() {
        return encoder.encode(binaryEvent);
    }

    /** The header, then the attachment, reassembled into one packet. */
    @Benchmark
    public Packet decodeBinaryEvent() throws DecodeException {
        if (decoder.add(BINARY_HEADER) != null) {
            throw new IllegalStateException("a binary header alone completed a packet");
        }
        return decoder.add(Tick.ATTACHMENT);
    }
}
