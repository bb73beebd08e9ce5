package dev.sockeye.server;

import dev.sockeye.server.internal.LazyMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What the client sent when it connected to a namespace (Node's {@code socket.handshake}).
 *
 * @param headers the headers of the first HTTP request, lower-case names; repeated headers joined with {@code ", "}
 * @param time    when the socket was created, as text
 * @param address the client's IP address, or {@code null} when unknown
 * @param xdomain whether the request carried an {@code Origin} header
 * @param secure  whether the connection uses TLS
 * @param issued  when the socket was created, in milliseconds since the epoch
 * @param url     the request target of the first HTTP request
 * @param query   the query parameters of the first HTTP request (first value of each)
 * @param auth    the CONNECT payload the client sent ({@code auth} option), {@code {}} when none; with
 *                connection state recovery on, without the client's private session id ({@code pid})
 */
public record Handshake(
        Map<String, String> headers,
        String time,
        String address,
        boolean xdomain,
        boolean secure,
        long issued,
        String url,
        Map<String, String> query,
        JsonNode auth) {

    /** Copies the maps so the handshake cannot change (the server's own lazily built maps are immutable already). */
    public Handshake {
        headers = LazyMap.immutable(headers);
        query = LazyMap.immutable(query);
    }
}
