package dev.sockeye.adminui.internal;

import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The sockets of the whole cluster as the UI wants them ({@code all_sockets}): {@code fetchSockets()} on every
 * namespace, as Node does, so that any adapter (Redis, PostgreSQL) brings the other servers' sockets. The client id
 * and transport of a socket only its own server knows; Node finds them in {@code socket.data._admin}, which leaks
 * into every application's {@code fetchSockets()}. Here the admin namespace asks the other servers instead
 * ({@link #CLIENT_INFO_EVENT}, answered by {@link #localClientInfo()}), so {@code data} stays the application's.
 */
public final class SocketDirectory {
    /** The server-side event on the admin namespace by which servers ask each other for their sockets' info. */
    public static final String CLIENT_INFO_EVENT = "sockeye:admin-ui:client-info";

    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(SocketDirectory.class);

    private final SocketIoServer io;
    private volatile Namespace admin;

    /** @param io the server */
    public SocketDirectory(SocketIoServer io) {
        this.io = io;
    }

    /** Answers the other servers' questions on {@code admin}, and asks them through it. */
    public void listen(Namespace admin) {
        this.admin = admin;
        admin.on(CLIENT_INFO_EVENT, (args, ack) -> ack.send(localClientInfo()));
    }

    /** A socket of this server. */
    public SerializedSocket serialize(Socket socket) {
        ClientInfo info = ClientInfo.of(socket);
        return serialize(socket, socket.nsp().name(), info);
    }

    /** Every socket of the cluster. */
    public CompletableFuture<List<SerializedSocket>> allSockets() {
        List<Namespace> namespaces = new ArrayList<>(io.namespaces());
        List<CompletableFuture<List<RemoteSocket>>> fetches = new ArrayList<>();
        for (Namespace nsp : namespaces) {
            fetches.add(nsp.fetchSockets());
        }
        return CompletableFuture.allOf(fetches.toArray(new CompletableFuture<?>[0]))
                .thenCompose(done -> remoteClientInfo().thenApply(remote -> {
                    List<SerializedSocket> all = new ArrayList<>();
                    for (int i = 0; i < namespaces.size(); i++) {
                        Namespace nsp = namespaces.get(i);
                        for (RemoteSocket socket : fetches.get(i).join()) {
                            Socket local = nsp.sockets().get(socket.id());
                            ClientInfo info =
                                    local != null ? ClientInfo.of(local) : remote.get(key(nsp.name(), socket.id()));
                            all.add(serialize(socket, nsp.name(), info));
                        }
                    }
                    return all;
                }));
    }

    /** The client info of this server's sockets, by {@code "<nsp> <socket id>"}. */
    public Map<String, ClientInfo> localClientInfo() {
        Map<String, ClientInfo> infos = new HashMap<>();
        for (Namespace nsp : io.namespaces()) {
            for (Socket socket : nsp.sockets().values()) {
                infos.put(key(nsp.name(), socket.id()), ClientInfo.of(socket));
            }
        }
        return infos;
    }

    /** The other servers' answers (none with a single server); what arrived in time when one is slow. */
    private CompletableFuture<Map<String, ClientInfo>> remoteClientInfo() {
        Namespace nsp = admin;
        if (nsp == null) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return nsp.serverSideEmitWithAck(CLIENT_INFO_EVENT, CLUSTER_TIMEOUT, JsonNode.class)
                .handle((answers, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                        if (cause instanceof AckTimeoutException timeout) {
                            log.debug("Admin UI: a server did not tell its sockets' client ids in time");
                            answers = timeout.responses();
                        } else {
                            log.warn("Admin UI: could not ask the other servers for their sockets' client ids", cause);
                            answers = List.of();
                        }
                    }
                    Map<String, ClientInfo> merged = new HashMap<>();
                    for (JsonNode answer : answers) {
                        for (Map.Entry<String, JsonNode> entry : answer.properties()) {
                            JsonNode value = entry.getValue();
                            merged.put(
                                    entry.getKey(),
                                    new ClientInfo(
                                            value.path("clientId").asString(null),
                                            value.path("transport").asString(null)));
                        }
                    }
                    return merged;
                });
    }

    private static SerializedSocket serialize(RemoteSocket socket, String nsp, ClientInfo info) {
        return new SerializedSocket(
                socket.id(),
                info != null ? info.clientId() : null,
                info != null ? info.transport() : null,
                nsp,
                new LinkedHashMap<>(socket.data()),
                SerializedSocket.Handshake.of(socket.handshake()),
                new ArrayList<>(socket.rooms()));
    }

    private static String key(String nsp, String socketId) {
        return nsp + ' ' + socketId;
    }
}
