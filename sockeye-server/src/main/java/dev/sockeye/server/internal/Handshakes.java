package dev.sockeye.server.internal;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.server.Handshake;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Builds {@link Handshake}s from the engine's first request, with the Node server's field formats. */
final class Handshakes {
    /** JavaScript's {@code Date.prototype.toString()}: {@code Tue Nov 04 2025 10:00:00 GMT+0100 (…)}. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.ENGLISH);

    // The last time text and address text made, reused by the next handshakes while they are equal: a server
    // taking a burst of connections (or all of them through one proxy) otherwise keeps thousands of equal strings,
    // about 160 bytes per connection, and formats a date for each.
    private static volatile TimeText lastTime;
    private static volatile AddressText lastAddress;

    private record TimeText(long epochSecond, ZoneId zone, String text) {}

    private record AddressText(InetAddress address, String text) {}

    private Handshakes() {}

    /**
     * The handshake of a socket created at {@code issued} (milliseconds since the epoch): its time text is that
     * instant in the default time zone, as Node's {@code new Date().toString()} at the socket's creation.
     */
    static Handshake build(EngineRequest request, JsonNode auth, long issued) {
        Map<String, String> headers = LazyMap.of(request, Handshakes::headersOf);
        Map<String, String> query = LazyMap.of(request, Handshakes::queryOf);
        ZonedDateTime then = ZonedDateTime.ofInstant(Instant.ofEpochMilli(issued), ZoneId.systemDefault());
        return new Handshake(
                headers,
                timeText(then),
                addressText(request.remoteAddress()),
                request.header("origin") != null,
                request.secure(),
                issued,
                request.uri(),
                query,
                auth);
    }

    /**
     * The auth of a CONNECT that sent none: {@code {}}, kept by its socket for as long as the socket lives. A node
     * over the shared empty map, not {@code createObjectNode()}'s own map of 56 bytes per socket; a handshake is
     * read, not written, so a node that cannot take fields is enough, and one per server serves every socket.
     */
    static ObjectNode emptyAuth(ObjectMapper mapper) {
        return new ObjectNode(mapper.getNodeFactory(), Map.of());
    }

    /** JavaScript's {@code Date.prototype.toString()} of {@code time}, to the second. */
    private static String timeText(ZonedDateTime time) {
        TimeText last = lastTime;
        if (last != null && last.epochSecond == time.toEpochSecond() && last.zone.equals(time.getZone())) {
            return last.text;
        }
        String text = JS_DATE.format(time) + " (" + time.getZone().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")";
        lastTime = new TimeText(time.toEpochSecond(), time.getZone(), text);
        return text;
    }

    /** The client's IP address as text, or the host name when it is unresolved; null when unknown. */
    private static String addressText(InetSocketAddress remote) {
        if (remote == null) {
            return null;
        }
        InetAddress ip = remote.getAddress();
        if (ip == null) {
            return remote.getHostString();
        }
        AddressText last = lastAddress;
        if (last != null && last.address.equals(ip)) {
            return last.text;
        }
        String text = ip.getHostAddress();
        lastAddress = new AddressText(ip, text);
        return text;
    }

    private static Map<String, String> headersOf(EngineRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers()
                .forEach((name, values) ->
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
        return new Handshake(
                strings(json.get("headers")),
                text(json.get("time")),
                text(json.get("address")),
                json.path("xdomain").asBoolean(false),
                json.path("secure").asBoolean(false),
                json.path("issued").asLong(0),
                text(json.get("url")),
                strings(json.get("query")),
                json.get("auth"));
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
