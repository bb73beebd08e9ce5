package dev.sockeye.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The capture of {@code @socket.io/redis-streams-adapter} 0.3.1's writes, {@code streams-golden/node-0.3.1.json}. */
final class StreamsGolden {

    private StreamsGolden() {}

    static JsonNode capture() {
        try (InputStream in = StreamsGolden.class.getResourceAsStream("/streams-golden/node-0.3.1.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entry's fields ({@code [name, value, name, value, …]}) in their order. */
    static Map<String, byte[]> fields(JsonNode entry) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        JsonNode list = entry.get("fields");
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(list.get(i).asString(), list.get(i + 1).asString().getBytes(StandardCharsets.UTF_8));
        }
        return fields;
    }
}
