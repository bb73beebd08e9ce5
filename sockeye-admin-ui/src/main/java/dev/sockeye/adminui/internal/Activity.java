package dev.sockeye.adminui.internal;

import dev.sockeye.core.adapter.AdapterListener;
import dev.sockeye.server.Args;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Development mode: reports what happens in a namespace as it happens, as Node's {@code registerVerboseListeners}:
 * {@code socket_connected}, {@code socket_updated} (transport upgrade), {@code socket_disconnected},
 * {@code room_joined}, {@code room_left}, and outside the admin namespace {@code event_received} and
 * {@code event_sent}. Unlike Node, it stores nothing in {@code socket.data}, and so reports no change of the data
 * after the connection (Node spies on it through a Proxy).
 */
public final class Activity {
    private final AdminChannel channel;
    private final String adminNamespace;
    private final SocketDirectory directory;
    private volatile boolean stopped;

    /**
     * @param channel        where the reports go
     * @param adminNamespace the admin namespace's name (its sockets' events are not reported)
     * @param directory      serialises sockets
     */
    public Activity(AdminChannel channel, String adminNamespace, SocketDirectory directory) {
        this.channel = channel;
        this.adminNamespace = adminNamespace;
        this.directory = directory;
    }

    /** Stops reporting (the server keeps the listeners, which then do nothing). */
    public void stop() {
        stopped = true;
    }

    /** Reports the sockets and rooms of {@code nsp} from now on. */
    public void watch(Namespace nsp) {
        String name = nsp.name();
        nsp.onConnection(socket -> onConnection(name, socket));
        nsp.adapter().addListener(new AdapterListener() {
            @Override
            public void onJoinRoom(String room, String socketId) {
                report("room_joined", name, room, socketId, now());
            }

            @Override
            public void onLeaveRoom(String room, String socketId) {
                report("room_left", name, room, socketId, now());
            }
        });
    }

    private void onConnection(String nsp, Socket socket) {
        if (stopped || !socket.connected()) {
            return;
        }
        String id = socket.id();
        report("socket_connected", directory.serialize(socket), now());
        socket.conn()
                .onUpgrade(transport -> report("socket_updated", Map.of("id", id, "nsp", nsp, "transport", transport)));
        if (!nsp.equals(adminNamespace)) {
            socket.onAny((event, args) -> report("event_received", nsp, id, eventAndArgs(event, args), now()));
            socket.onAnyOutgoing((event, args) -> report("event_sent", nsp, id, eventAndArgs(event, args), now()));
        }
        socket.onDisconnect(reason -> report("socket_disconnected", nsp, id, reason.wire(), now()));
    }

    private void report(String event, Object... args) {
        if (!stopped) {
            channel.broadcast(event, args);
        }
    }

    private static List<Object> eventAndArgs(String event, Args args) {
        List<Object> all = new ArrayList<>(args.size() + 1);
        all.add(event);
        for (JsonNode node : args.nodes()) {
            all.add(node);
        }
        return all;
    }

    private static String now() {
        return AdminChannel.date(Instant.now());
    }
}
