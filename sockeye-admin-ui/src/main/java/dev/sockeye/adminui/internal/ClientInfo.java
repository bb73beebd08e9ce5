package dev.sockeye.adminui.internal;

import dev.sockeye.server.Socket;

/**
 * What only the server holding a socket knows about it: the client id the UI groups sockets by, and the current
 * transport. Node keeps these in {@code socket.data._admin}, where every {@code fetchSockets()} of the cluster sees
 * them; Sockeye asks the holding server instead (see {@code AdminUi}), so the application's data stays its own.
 *
 * @param clientId  the first 12 characters of the Engine.IO session id (Node shows no more: it is a credential)
 * @param transport {@code polling} or {@code websocket}
 */
public record ClientInfo(String clientId, String transport) {

    /** The info of a socket of this server. */
    public static ClientInfo of(Socket socket) {
        String id = socket.client().id();
        return new ClientInfo(
                id.length() > 12 ? id.substring(0, 12) : id, socket.conn().transport());
    }
}
