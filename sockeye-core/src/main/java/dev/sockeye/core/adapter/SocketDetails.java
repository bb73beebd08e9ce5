package dev.sockeye.core.adapter;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What {@code fetchSockets()} knows about a socket: the four fields a Node server puts on the
 * wire for a remote socket, {@code {id, handshake, rooms, data}}. The server builds its
 * {@code RemoteSocket} from it; a {@link LocalSocket} also provides it for other nodes.
 *
 * @param id        the socket id (20 characters)
 * @param handshake the handshake object: {@code headers, time, address, xdomain, secure, issued,
 *                  url, query, auth} ({@code time} as JS {@code Date.toString()}, {@code issued}
 *                  in epoch milliseconds)
 * @param rooms     the rooms of the socket, its own id included
 * @param data      the socket's {@code data}, a JSON node ({@code NullNode} when unset)
 */
public record SocketDetails(String id, JsonNode handshake, Set<String> rooms, JsonNode data) implements FetchedSocket {

    /** Copies {@code rooms} into an immutable set. */
    public SocketDetails {
        rooms = Set.copyOf(rooms);
    }
}
