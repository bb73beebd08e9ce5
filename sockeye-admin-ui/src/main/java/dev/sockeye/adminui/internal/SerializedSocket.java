package dev.sockeye.adminui.internal;

import java.util.List;
import java.util.Map;

/**
 * A socket as the Admin UI shows it ({@code all_sockets}, {@code socket_connected}), in Node's shape.
 *
 * @param id        the socket id
 * @param clientId  the first 12 characters of the Engine.IO session id, or {@code null} when unknown (a socket
 *                  of another server that did not answer in time)
 * @param transport {@code polling} or {@code websocket}, or {@code null} when unknown
 * @param nsp       the namespace name
 * @param data      the socket's {@code data}
 * @param handshake what the client sent when it connected
 * @param rooms     the rooms the socket is in
 */
public record SerializedSocket(
        String id,
        String clientId,
        String transport,
        String nsp,
        Map<String, Object> data,
        Handshake handshake,
        List<String> rooms) {

    /**
     * The handshake part: Node's {@code socket.handshake} without {@code auth} (it may hold secrets).
     *
     * @param address the client's address: {@code cf-connecting-ip}, else {@code x-forwarded-for}, else the peer
     * @param headers the headers of the first HTTP request
     * @param query   its query parameters
     * @param issued  when the socket was created, milliseconds since the epoch
     * @param secure  whether the connection uses TLS
     * @param time    when the socket was created, as text
     * @param url     the request target of the first HTTP request
     * @param xdomain whether the request carried an {@code Origin} header
     */
    public record Handshake(
            String address,
            Map<String, String> headers,
            Map<String, String> query,
            long issued,
            boolean secure,
            String time,
            String url,
            boolean xdomain) {

        /** The UI's view of a server handshake. */
        public static Handshake of(dev.sockeye.server.Handshake handshake) {
            Map<String, String> headers = handshake.headers();
            String address = headers.get("cf-connecting-ip");
            if (address == null) {
                address = headers.get("x-forwarded-for");
            }
            if (address == null) {
                address = handshake.address();
            }
            return new Handshake(
                    address,
                    headers,
                    handshake.query(),
                    handshake.issued(),
                    handshake.secure(),
                    handshake.time(),
                    handshake.url(),
                    handshake.xdomain());
        }
    }
}
