package dev.sockeye.server;

import java.util.List;
import java.util.Objects;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The arguments of an event or of an acknowledgement, as JSON trees, with typed access through the
 * server's JSON mapper. Binary arguments are {@code BinaryNode}s and bind to {@code byte[]}.
 *
 * <pre>{@code
 * socket.on("move", (args, ack) -> {
 *     Point p = args.get(0, Point.class);
 *     int speed = args.get(1, Integer.class);
 * });
 * }</pre>
 */
public final class Args {
    private final List<JsonNode> nodes;
    private final ObjectMapper mapper;

    /**
     * @param nodes  the arguments in order
     * @param mapper the mapper that binds them to Java types
     */
    public Args(List<JsonNode> nodes, ObjectMapper mapper) {
        this.nodes = List.copyOf(nodes);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The number of arguments. */
    public int size() {
        return nodes.size();
    }

    /** Whether there are no arguments. */
    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** The argument at {@code index} as a tree, or a {@code MissingNode} when there is none. */
    public JsonNode node(int index) {
        return index >= 0 && index < nodes.size() ? nodes.get(index) : MissingNode.getInstance();
    }

    /** Every argument as a tree, in order (unmodifiable). */
    public List<JsonNode> nodes() {
        return nodes;
    }

    /**
     * The argument at {@code index} bound to {@code type}, or {@code null} when the client sent fewer
     * arguments.
     *
     * @throws tools.jackson.core.JacksonException when the argument does not fit the type
     */
    public <T> T get(int index, Class<T> type) {
        if (index < 0 || index >= nodes.size()) {
            return null;
        }
        return mapper.treeToValue(nodes.get(index), type);
    }

    /** Like {@link #get(int, Class)} for generic types ({@code new TypeReference<List<Item>>() {}}). */
    public <T> T get(int index, TypeReference<T> type) {
        if (index < 0 || index >= nodes.size()) {
            return null;
        }
        return mapper.treeToValue(nodes.get(index), type);
    }

    /** Like {@link #get(int, Class)} for generic types ({@code new TypeRef<List<Item>>() { }}). */
    public <T> T get(int index, TypeRef<T> type) {
        if (index < 0 || index >= nodes.size()) {
            return null;
        }
        return mapper.treeToValue(nodes.get(index), mapper.constructType(type.type()));
    }

    /** The arguments as a compact JSON array. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < nodes.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(nodes.get(i));
        }
        return sb.append(']').toString();
    }
}
