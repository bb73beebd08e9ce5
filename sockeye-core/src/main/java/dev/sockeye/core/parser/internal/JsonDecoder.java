package dev.sockeye.core.parser.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.PacketType;
import dev.sockeye.core.parser.DecodeException;
import dev.sockeye.core.parser.Decoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Socket.IO v5 text decoder for one connection. Strict: anything the official clients never
 * send is a {@link DecodeException}, and after one the decoder holds no partial packet.
 *
 * <p>Header grammar: {@code <type>[<attachments>-][/<nsp>[,]][<id>][<json>]}. The namespace runs
 * to the first comma or to the end ({@code 40/custom} is valid). The ack id is decimal, at most
 * 2<sup>53</sup>−1 ({@code Number.MAX_SAFE_INTEGER}), and only allowed (and for ACK required) on
 * EVENT and ACK packets. The JSON payload is parsed in place from the string with the mapper's
 * {@code StreamReadConstraints}; anything after it but whitespace is rejected.
 *
 * <p>Binary packets: placeholders are checked when the header arrives (each must carry an
 * integer {@code num} below the announced count) and replaced by {@link BinaryNode}s once every
 * attachment arrived. The returned packet is then an EVENT or ACK, as for text packets.
 * Placeholders in EVENT/ACK packets stay plain objects. Attachment arrays are not copied.
 */
public final class JsonDecoder implements Decoder {

    /** {@code Number.MAX_SAFE_INTEGER}: larger ack ids do not survive a JavaScript peer. */
    public static final long MAX_ACK_ID = (1L << 53) - 1;

    private final ObjectMapper mapper;
    private final int maxAttachments;
    private final boolean fromServer;

    // A binary packet being reassembled: its header and the attachments received so far.
    private Packet pending;
    private int expected;
    private List<Slot> slots;
    private List<byte[]> buffers;

    /**
     * A decoder.
     *
     * @param mapper         parses payloads; its stream read constraints bound the JSON
     * @param maxAttachments the most binary attachments one packet may announce
     * @param fromServer     {@code true} to decode what a server sends (a client's view:
     *                       CONNECT_ERROR allowed), {@code false} to decode what a client sends
     */
    public JsonDecoder(ObjectMapper mapper, int maxAttachments, boolean fromServer) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.maxAttachments = maxAttachments;
        this.fromServer = fromServer;
    }

    /** {@inheritDoc} */
    @Override
    public Packet add(String text) throws DecodeException {
        if (pending != null) {
            destroy();
            throw new DecodeException("got plaintext data when reconstructing a packet");
        }
        Packet packet = decodeText(text);
        if (!packet.type().isBinary()) {
            return packet;
        }
        return null;
    }

    /** {@inheritDoc} */
    @Override
    public Packet add(byte[] data) throws DecodeException {
        Objects.requireNonNull(data, "data");
        if (pending == null) {
            throw new DecodeException("got binary data when not reconstructing a packet");
        }
        buffers.add(data);
        if (buffers.size() < expected) {
            return null;
        }
        for (Slot slot : slots) {
            slot.fill(BinaryNode.valueOf(buffers.get(slot.num)));
        }
        Packet packet = pending;
        destroy();
        return packet;
    }

    /** {@inheritDoc} */
    @Override
    public void destroy() {
        pending = null;
        expected = 0;
        slots = null;
        buffers = null;
    }

    /**
     * Whether a binary packet's header arrived and its attachments are awaited.
     *
     * @return whether attachments are awaited
     */
    public boolean isReconstructing() {
        return pending != null;
    }

    /**
     * Decodes a text message. A binary header is stored as pending and returned with its binary
     * type; any other packet is returned complete.
     */
    private Packet decodeText(String text) throws DecodeException {
        int len = text.length();
        if (len == 0) {
            throw new DecodeException("empty packet");
        }
        PacketType type = PacketType.fromCode(text.charAt(0));
        if (type == null) {
            throw new DecodeException("unknown packet type");
        }
        int i = 1;

        int attachments = 0;
        if (type.isBinary()) {
            int start = i;
            // Capped while scanning: the count is attacker-controlled and must not overflow.
            while (i < len && text.charAt(i) != '-') {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw new DecodeException("Illegal attachments");
                }
                attachments = Math.min(attachments * 10 + (c - '0'), maxAttachments + 1);
                i++;
            }
            if (i == len || i == start || attachments == 0) {
                throw new DecodeException("Illegal attachments");
            }
            if (attachments > maxAttachments) {
                throw new DecodeException("too many attachments");
            }
            i++; // the '-'
        }

        String nsp = "/";
        if (i < len && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            int end = comma < 0 ? len : comma;
            nsp = text.substring(i, end);
            i = comma < 0 ? len : comma + 1;
        }

        Long id = null;
        if (i < len && isDigit(text.charAt(i))) {
            long value = 0;
            while (i < len && isDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i) - '0');
                if (value > MAX_ACK_ID) {
                    throw new DecodeException("invalid ack id");
                }
                i++;
            }
            id = value;
        }

        JsonNode data = i < len ? parseJson(text, i) : null;

        PacketRules.check(type, data, id, fromServer);

        if (!type.isBinary()) {
            return new Packet(type, nsp, data, id);
        }
        List<Slot> found = findPlaceholders(data, attachments);
        PacketType plain = type == PacketType.BINARY_EVENT ? PacketType.EVENT : PacketType.ACK;
        pending = new Packet(plain, nsp, data, id);
        expected = attachments;
        slots = found;
        // Sized by arrivals, never by the announced count.
        buffers = new ArrayList<>();
        return new Packet(type, nsp, data, id);
    }

    private JsonNode parseJson(String text, int start) throws DecodeException {
        try (tools.jackson.core.JsonParser p = mapper.createParser(new StringSliceReader(text, start))) {
            JsonNode node = mapper.readTree(p);
            if (node == null || node.isMissingNode()) {
                throw new DecodeException("invalid payload: no JSON value");
            }
            // The mapper may have FAIL_ON_TRAILING_TOKENS off; check whatever it says.
            if (p.nextToken() != null) {
                throw new DecodeException("invalid payload: data after the JSON value");
            }
            return node;
        } catch (JacksonException e) {
            throw new DecodeException("invalid payload: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Finds the placeholders of a binary packet and checks their index. Iterative, so a user
     * mapper with a loose nesting limit cannot overflow the stack here.
     */
    private static List<Slot> findPlaceholders(JsonNode root, int attachments) throws DecodeException {
        List<Slot> found = new ArrayList<>();
        ArrayDeque<JsonNode> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode container = todo.pop();
            if (container instanceof ArrayNode array) {
                for (int k = 0, n = array.size(); k < n; k++) {
                    JsonNode child = array.get(k);
                    if (isPlaceholder(child)) {
                        found.add(new Slot(array, k, null, placeholderNum(child, attachments)));
                    } else if (child.isContainer()) {
                        todo.push(child);
                    }
                }
            } else if (container instanceof ObjectNode object) {
                for (Map.Entry<String, JsonNode> e : object.properties()) {
                    JsonNode child = e.getValue();
                    if (isPlaceholder(child)) {
                        found.add(new Slot(object, -1, e.getKey(), placeholderNum(child, attachments)));
                    } else if (child.isContainer()) {
                        todo.push(child);
                    }
                }
            }
        }
        return found;
    }

    private static boolean isPlaceholder(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        JsonNode flag = node.get("_placeholder");
        return flag != null && flag.isBoolean() && flag.booleanValue();
    }

    private static int placeholderNum(JsonNode placeholder, int attachments) throws DecodeException {
        JsonNode num = placeholder.get("num");
        // CVE-2022-2421: "num" must be an index, not a property name like "splice".
        if (num == null || !num.isIntegralNumber() || !num.canConvertToInt()) {
            throw new DecodeException("illegal attachments");
        }
        int n = num.intValue();
        if (n < 0 || n >= attachments) {
            throw new DecodeException("illegal attachments");
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Where a placeholder sits: an array index or an object property. */
    private record Slot(JsonNode container, int index, String name, int num) {
        void fill(BinaryNode value) {
            if (name == null) {
                ((ArrayNode) container).set(index, value);
            } else {
                ((ObjectNode) container).set(name, value);
            }
        }
    }
}
