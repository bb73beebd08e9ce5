package dev.sockeye.core.adapter.cluster;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Event arguments for the golden cluster-wire tests (here and in the Redis adapter's), written as
 * plain Java values.
 */
public final class GoldenArgs {

    private GoldenArgs() {}

    /** A JSON array of the given strings, integers and byte arrays (binary attachments). */
    public static ArrayNode args(Object... values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object v : values) {
            if (v instanceof String s) {
                array.add(s);
            } else if (v instanceof Integer i) {
                array.add(i);
            } else if (v instanceof byte[] b) {
                array.add(b);
            } else {
                throw new IllegalArgumentException(String.valueOf(v));
            }
        }
        return array;
    }
}
