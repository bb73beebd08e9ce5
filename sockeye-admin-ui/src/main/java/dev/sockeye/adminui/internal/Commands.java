package dev.sockeye.adminui.internal;

import dev.sockeye.server.Args;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The UI's four commands on an admin socket, as Node's {@code registerFeatureHandlers}:
 * {@code emit(nsp, filter, event, ...args)}, {@code join(nsp, room, filter)}, {@code leave(nsp, room, filter)} and
 * {@code _disconnect(nsp, close, filter)}, where {@code filter} (a room name or a socket id, or empty for the whole
 * namespace) selects {@code io.of(nsp).in(filter)}; they act across the cluster through the adapter. In readonly
 * mode every command is refused and logged at WARN (Node ignores them silently). Unlike Node's {@code io.of(nsp)},
 * a command never creates a namespace: one naming an unknown namespace does nothing.
 */
public final class Commands {
    /** The command events the UI sends. */
    public static final List<String> NAMES = List.of("emit", "join", "leave", "_disconnect");

    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    private final SocketIoServer io;

    /** @param io the server the commands act on */
    public Commands(SocketIoServer io) {
        this.io = io;
    }

    /** Handles the commands of {@code admin}. */
    public void register(Socket admin) {
        admin.on("emit", (args, ack) -> {
            String event = string(args, 2);
            if (event == null) {
                return;
            }
            List<JsonNode> rest = new ArrayList<>(args.nodes().subList(3, args.size()));
            target(args, 0, 1).ifPresent(t -> t.emit(event, rest.toArray()));
        });
        admin.on("join", (args, ack) -> {
            String room = string(args, 1);
            if (room != null) {
                target(args, 0, 2).ifPresent(t -> t.socketsJoin(room));
            }
        });
        admin.on("leave", (args, ack) -> {
            String room = string(args, 1);
            if (room != null) {
                target(args, 0, 2).ifPresent(t -> t.socketsLeave(room));
            }
        });
        admin.on("_disconnect", (args, ack) -> {
            boolean close = args.size() > 1 && truthy(args.node(1));
            target(args, 0, 2).ifPresent(t -> t.disconnectSockets(close));
        });
    }

    /** Refuses every command of {@code admin} (readonly mode). */
    public static void refuse(Socket admin) {
        for (String name : NAMES) {
            admin.on(
                    name,
                    (args, ack) -> log.warn(
                            "Admin UI is readonly: refused '{}' from admin socket {} ({})",
                            name,
                            admin.id(),
                            admin.handshake().address()));
        }
    }

    /** {@code io.of(nsp).in(filter)}, or the namespace itself without a filter; empty for an unknown namespace. */
    private Optional<BroadcastOperator> target(Args args, int nspIndex, int filterIndex) {
        String name = string(args, nspIndex);
        if (name == null) {
            return Optional.empty();
        }
        Optional<Namespace> nsp =
                io.namespaces().stream().filter(n -> n.name().equals(name)).findFirst();
        if (nsp.isEmpty()) {
            log.debug("Admin UI command for unknown namespace {} ignored", name);
            return Optional.empty();
        }
        String filter = string(args, filterIndex);
        return Optional.of(
                filter == null || filter.isEmpty() ? nsp.get() : nsp.get().in(filter));
    }

    private static String string(Args args, int index) {
        if (index >= args.size()) {
            return null;
        }
        JsonNode node = args.node(index);
        return node != null && node.isString() ? node.asString() : null;
    }

    /** JavaScript truthiness, for the {@code close} flag. */
    private static boolean truthy(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble() != 0 && !Double.isNaN(node.asDouble());
        }
        if (node.isString()) {
            return !node.asString().isEmpty();
        }
        return true;
    }
}
