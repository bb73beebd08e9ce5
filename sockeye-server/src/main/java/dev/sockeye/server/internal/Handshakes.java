package dev.sockeye.server.internal;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.server.Handshake;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Builds {@link Handshake}s from the engine's first request, with the Node server's field formats. */
final class Handshakes {
    /** JavaScript's {@code Date.prototype.toString()}: {@code Tue Nov 04 2025 10:00:00 GMT+0100 (…)}. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.ENGLISH);

    private Handshakes() {
    }

    static Handshake build(EngineRequest request, JsonNode auth) {
        Map<String, String> headers = LazyMap.of(() -> headersOf(request));
        Map<String, String> query = LazyMap.of(() -> queryOf(request));
        InetSocketAddress remote = request.remoteAddress();
        String address = remote == null ? null
                : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        ZonedDateTime now = ZonedDateTime.now();
        String time = JS_DATE.format(now) + " (" + now.getZone().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")";
        return new Handshake(headers, time, address, request.header("origin") != null, request.secure(),
                now.toInstant().toEpochMilli(), request.uri(), query, auth);
    }

    private static Map<String, String> headersOf(EngineRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) ->
                headers.put(name, values.size() == 1 ? values.get(0) : String.join(", ", values)));
        return headers;
    }

    private static Map<String, String> queryOf(EngineRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        request.queryParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        return query;
    }

    /** A handshake sent by another server (fetchSockets); lenient, since Node puts arrays in headers. */
    static Handshake fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            return new Handshake(Map.of(), "", null, false, false, 0, "", Map.of(), json);
        }
        return new Handshake(strings(json.get("headers")), text(json.get("time")), text(json.get("address")),
                json.path("xdomain").asBoolean(false), json.path("secure").asBoolean(false),
                json.path("issued").asLong(0), text(json.get("url")), strings(json.get("query")), json.get("auth"));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        if (object != null && object.isObject()) {
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    List<String> parts = new java.util.ArrayList<>();
                    v.forEach(item -> parts.add(item.asString()));
                    map.put(e.getKey(), String.join(", ", parts));
                } else if (!v.isNull()) {
                    map.put(e.getKey(), v.asString());
                }
            }
        }
        return map;
    }
}
