package dev.sockeye.postgres;

import dev.sockeye.core.parser.JsonParser;
import dev.sockeye.core.parser.PacketData;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** Trees for test data. */
final class Json {

    static final JsonMapper MAPPER = JsonParser.defaultMapper();

    private Json() {}

    /** An array of values converted as event arguments are (byte[] becomes binary). */
    static ArrayNode array(Object... values) {
        return PacketData.ackData(MAPPER, values);
    }
}
