package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.Decoder;
import dev.sockeye.core.parser.EncodedPacket;
import dev.sockeye.core.parser.Encoder;
import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.core.parser.Parser;
import dev.sockeye.server.testing.FakeEngineSocket;
import org.junit.jupiter.api.Test;

/** {@code builder.parser(...)}: the server encodes and decodes every packet with the given parser. */
class CustomParserTest extends WireTest {

    /** The JSON parser behind a marker: every text message carries a leading {@code ~} on the wire. */
    private static final class MarkedParser implements Parser {
        private final Parser json = new JsonParser();

        @Override
        public Encoder encoder() {
            return packet -> new EncodedPacket(json.encoder().encode(packet).messages().stream()
                    .map(message -> message.<EncodedPacket.Message>map(
                            text -> new EncodedPacket.Text("~" + text), bytes -> message))
                    .toList());
        }

        @Override
        public Decoder newDecoder() {
            Decoder inner = json.newDecoder();
            return new Decoder() {
                @Override
                public Packet add(String text) throws DecodeException {
                    if (!text.startsWith("~")) {
                        throw new DecodeException("unmarked message");
                    }
                    return inner.add(text.substring(1));
                }

                @Override
                public Packet add(byte[] data) throws DecodeException {
                    return inner.add(data);
                }

                @Override
                public void destroy() {
                    inner.destroy();
                }
            };
        }
    }

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        SocketIoServer server = builder.parser(new MarkedParser()).build();
        server.onConnection(
                socket -> socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray())));
        return server;
    }

    @Test
    void packetsInAndOutGoThroughTheCustomParser() {
        FakeEngineSocket conn = open();
        conn.receive("4~0");
        assertThat(conn.nextText()).matches("4~0\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
        conn.receive("4~21[\"echo\",1,{\"b\":true}]");
        assertThat(conn.nextText()).isEqualTo("4~31[1,{\"b\":true}]");
        conn.receive("4~22[\"echo\",{\"_placeholder\":true,\"num\":0}]");
        assertThat(conn.nextText()).isEqualTo("4~32[{\"_placeholder\":true,\"num\":0}]");
    }

    @Test
    void whatTheCustomParserRefusesClosesTheConnection() {
        FakeEngineSocket conn = open();
        conn.receive("40"); // valid for the default parser, not for this one
        conn.awaitClosed();
    }
}
