package dev.sockeye.core.parser;

import dev.sockeye.core.parser.internal.JsonDecoder;
import dev.sockeye.core.parser.internal.JsonEncoder;
import java.util.Objects;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default Socket.IO v5 parser (Node's {@code socket.io-parser}): one text message
 * {@code <type>[<attachments>-][<nsp>,][<id>][<json>]} per packet, followed for BINARY_EVENT /
 * BINARY_ACK by one binary message per attachment, each referenced in the JSON by a placeholder
 * {@code {"_placeholder":true,"num":N}}.
 *
 * <pre>{@code
 * JsonParser parser = new JsonParser();
 * parser.encoder().encode(Packet.event("/", PacketData.eventData(parser.mapper(), "hello", 1)));
 * // → 42["hello",1]
 * Decoder decoder = parser.newDecoder();            // one per connection
 * Packet p = decoder.add("42/chat,7[\"say\",\"hi\"]"); // EVENT on /chat, ack id 7
 * }</pre>
 *
 * <p>Decoding is strict (each failure is a {@link DecodeException}; the caller closes the
 * connection): unknown types, malformed or excessive attachment counts ({@link #maxAttachments()}),
 * placeholders whose {@code num} is not an index of an attachment (CVE-2022-2421), binary frames
 * with no pending header and text frames while attachments are pending, EVENT data that is not a
 * non-empty array starting with a string event name or that names a reserved event
 * ({@link PacketData#RESERVED_EVENTS}; CVE-2023-32695), ACK data that is not an array or an ACK
 * without id, CONNECT data that is not an object, DISCONNECT with data, CONNECT_ERROR from a
 * client, ack ids that are not decimal or exceed 2<sup>53</sup>−1, invalid JSON and anything after
 * the JSON value. JSON bombs are stopped by the mapper's {@link StreamReadConstraints}; see
 * {@link #defaultMapper()}.
 *
 * <p>Thread-safe; the encoder is shared, decoders are per connection.
 */
public final class JsonParser implements Parser {

    /** Attachments one packet may announce unless configured otherwise (socket.io-parser ≥ 4.2.6). */
    public static final int DEFAULT_MAX_ATTACHMENTS = 10;

    /** JSON nesting depth allowed by {@link #defaultMapper()}: far beyond real payloads. */
    public static final int MAX_NESTING_DEPTH = 256;

    /** Length of a JSON number literal allowed by {@link #defaultMapper()}, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    /** Length of a JSON property name allowed by {@link #defaultMapper()}, in characters. */
    public static final int MAX_NAME_LENGTH = 10_000;

    /**
     * Length of a JSON string allowed by {@link #defaultMapper()}, in characters; the engine's
     * message size limit ({@code maxHttpBufferSize}, 1 MB by default) usually bounds it first.
     */
    public static final int MAX_STRING_LENGTH = 20_000_000;

    private static final JsonMapper DEFAULT_MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .build())
                    .recyclerPool(PerThreadRecyclerPool.instance())
                    .build())
            // Declaration order, like the key order of a JavaScript object literal.
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private final ObjectMapper mapper;
    private final int maxAttachments;
    private final Encoder encoder;

    /** A parser with {@link #defaultMapper()} and {@link #DEFAULT_MAX_ATTACHMENTS}. */
    public JsonParser() {
        this(DEFAULT_MAPPER, DEFAULT_MAX_ATTACHMENTS);
    }

    /**
     * A parser with another mapper (and {@link #DEFAULT_MAX_ATTACHMENTS}).
     *
     * @param mapper parses payloads (its stream read constraints are the JSON limits), creates
     *               generators and converts application values; indentation is always off
     */
    public JsonParser(ObjectMapper mapper) {
        this(mapper, DEFAULT_MAX_ATTACHMENTS);
    }

    /**
     * A parser with another mapper and attachment limit.
     *
     * @param mapper         as in {@link #JsonParser(ObjectMapper)}
     * @param maxAttachments the most attachments a received packet may announce, at least 1
     */
    public JsonParser(ObjectMapper mapper, int maxAttachments) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (maxAttachments < 1) {
            throw new IllegalArgumentException("maxAttachments must be at least 1: " + maxAttachments);
        }
        this.maxAttachments = maxAttachments;
        this.encoder = new JsonEncoder(mapper);
    }

    /**
     * The mapper used when none is given: a {@link JsonMapper} with Jackson 3 defaults except
     * {@link StreamReadConstraints} of nesting depth {@value #MAX_NESTING_DEPTH}, numbers of
     * {@value #MAX_NUMBER_LENGTH} characters, property names of {@value #MAX_NAME_LENGTH}
     * characters and strings of {@value #MAX_STRING_LENGTH} characters, bean properties in
     * declaration order rather than sorted, and buffers kept per platform thread
     * ({@link PerThreadRecyclerPool}). Shared and immutable.
     *
     * @return the default mapper
     */
    public static JsonMapper defaultMapper() {
        return DEFAULT_MAPPER;
    }

    /**
     * The mapper this parser reads and writes JSON with.
     *
     * @return the mapper
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The most attachments a received packet may announce; more is a {@code too many attachments}
     * error (CVE-2026-33151).
     *
     * @return the limit
     */
    public int maxAttachments() {
        return maxAttachments;
    }

    /** {@inheritDoc} */
    @Override
    public Encoder encoder() {
        return encoder;
    }

    /**
     * A decoder for what a client sends (the server's side).
     *
     * @return a new decoder, for one connection
     */
    @Override
    public Decoder newDecoder() {
        return new JsonDecoder(mapper, maxAttachments, false);
    }

    /**
     * A decoder for what a server sends, for Java clients and tests: as {@link #newDecoder()} but
     * CONNECT_ERROR packets (an object or a string) are accepted.
     *
     * @return a new decoder, for one connection
     */
    public Decoder newClientDecoder() {
        return new JsonDecoder(mapper, maxAttachments, true);
    }
}
