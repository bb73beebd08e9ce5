package dev.sockeye.core.adapter.internal;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An estimate of the heap a Jackson tree takes, for byte budgets: a fixed cost per node (object
 * header, fields, the container's slot) plus the characters of strings and names (compact Latin-1
 * strings, one byte each) and the bytes of binary values. Not exact (the JVM decides), but
 * proportional to what a tree holds and cheap to compute.
 */
public final class TreeSize {
    /** A node with its slot in its container. */
    private static final long NODE = 24;
    /** A string: the node, the {@code String} and its array headers. */
    private static final long STRING = 64;
    /** A container: the node and its backing list or map. */
    private static final long CONTAINER = 64;
    /** One property of an object: its map entry and its name's {@code String}. */
    private static final long PROPERTY = 72;
    /** Deeper nodes count as plain nodes. */
    private static final int MAX_DEPTH = 256;

    private TreeSize() {}

    /**
     * The estimated heap size of a tree.
     *
     * @param node the tree, or {@code null}
     * @return bytes, 0 for {@code null}
     */
    public static long of(JsonNode node) {
        return of(node, 0);
    }

    private static long of(JsonNode node, int depth) {
        if (node == null) {
            return 0;
        }
        if (depth > MAX_DEPTH) {
            return NODE; // the encoders refuse such trees anyway; never overflow the stack here
        }
        return switch (node.getNodeType()) {
            case STRING -> STRING + node.stringValue().length();
            case BINARY -> NODE + 16 + node.binaryValue().length;
            case ARRAY -> {
                long size = CONTAINER;
                for (JsonNode child : node) {
                    size += 8 + of(child, depth + 1);
                }
                yield size;
            }
            case OBJECT -> {
                long size = CONTAINER;
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    size += PROPERTY + e.getKey().length() + of(e.getValue(), depth + 1);
                }
                yield size;
            }
            default -> NODE;
        };
    }
}
