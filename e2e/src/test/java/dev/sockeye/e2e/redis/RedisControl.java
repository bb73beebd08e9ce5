package dev.sockeye.e2e.redis;

import dev.sockeye.server.Ack;
import dev.sockeye.server.Args;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.SocketIoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.databind.JsonNode;

/**
 * The control events of the Redis cluster tests, the Sockeye twin of {@code e2e/node/redis/handlers.js}:
 * a client emits one with an ack, the server runs the cluster-aware call and acks the result.
 */
final class RedisControl {

    private RedisControl() {}

    static void install(SocketIoServer io, String name) {
        io.on("ping", (args, ack) -> ack.send("pong-from-" + name));
        io.on("hello", (args, ack) -> {
            List<Object> out = new ArrayList<>();
            out.add(name);
            out.addAll(args.nodes());
            io.local().emit("sse", out.toArray());
        });
        io.onConnection(socket -> {
            socket.data().put("client", socket.handshake().auth().path("name").asString());
            on(socket, "whoami", o -> done(Map.of("server", name, "id", socket.id())));
            on(socket, "join", o -> {
                socket.join(o.get("room").asString());
                return done("ok");
            });
            on(socket, "broadcast", o -> {
                List<Object> args = new ArrayList<>(jsonList(o.get("args")));
                if (o.path("binary").asBoolean(false)) {
                    args.add(new byte[] {1, 2, 3});
                }
                target(io, o).emit(o.get("event").asString(), args.toArray());
                return done("ok");
            });
            on(socket, "local", o -> {
                io.local()
                        .emit(o.get("event").asString(), jsonList(o.get("args")).toArray());
                return done("ok");
            });
            on(
                    socket,
                    "broadcastAck",
                    o -> target(io, o)
                            .timeout(Duration.ofMillis(o.get("timeout").asLong()))
                            .emitWithAck("ackme", String.class, "x")
                            .thenApply(list -> (Object) Map.of("ok", sorted(list))));
            on(
                    socket,
                    "fetch",
                    o -> io.in(o.get("in").asString()).fetchSockets().thenApply(RedisControl::describe));
            on(socket, "socketsJoin", o -> {
                io.in(o.get("in").asString()).socketsJoin(o.get("room").asString());
                return done("ok");
            });
            on(socket, "socketsLeave", o -> {
                io.in(o.get("in").asString()).socketsLeave(o.get("room").asString());
                return done("ok");
            });
            on(socket, "disconnectSockets", o -> {
                io.in(o.get("in").asString()).disconnectSockets(o.get("close").asBoolean());
                return done("ok");
            });
            on(socket, "serverSideEmit", o -> {
                io.serverSideEmit(
                        o.get("event").asString(), jsonList(o.get("args")).toArray());
                return done("ok");
            });
            on(
                    socket,
                    "serverSideEmitWithAck",
                    o -> io.serverSideEmitWithAck("ping", String.class)
                            .thenApply(list -> (Object) Map.of("ok", sorted(list))));
            on(socket, "serverCount", o -> io.sockets().adapter().serverCount().thenApply(n -> (Object) n));
        });
    }

    @FunctionalInterface
    private interface Command {
        CompletableFuture<Object> run(JsonNode options) throws Exception;
    }

    private static void on(dev.sockeye.server.Socket socket, String event, Command command) {
        socket.on(
                event,
                (Args args, Ack ack) -> command.run(args.isEmpty() ? null : args.node(0))
                        .whenComplete((result, error) -> {
                            if (error != null) {
                                Throwable cause = error instanceof CompletionException && error.getCause() != null
                                        ? error.getCause()
                                        : error;
                                ack.send(Map.of("error", String.valueOf(cause.getMessage())));
                            } else {
                                ack.send(result);
                            }
                        }));
    }

    private static CompletableFuture<Object> done(Object value) {
        return CompletableFuture.completedFuture(value);
    }

    private static BroadcastOperator target(SocketIoServer io, JsonNode o) {
        List<String> to = strings(o.get("to"));
        List<String> except = strings(o.get("except"));
        BroadcastOperator op = to.isEmpty() ? io : io.to(to);
        if (!except.isEmpty()) {
            op = op.except(except);
        }
        return op;
    }

    private static List<String> strings(JsonNode node) {
        List<String> result = new ArrayList<>();
        if (node != null) {
            node.forEach(n -> result.add(n.asString()));
        }
        return result;
    }

    private static List<JsonNode> jsonList(JsonNode node) {
        List<JsonNode> result = new ArrayList<>();
        if (node != null) {
            node.forEach(result::add);
        }
        return result;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(Comparator.naturalOrder());
        return copy;
    }

    private static Object describe(List<RemoteSocket> sockets) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (RemoteSocket s : sockets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("rooms", sorted(new ArrayList<>(s.rooms())));
            m.put("data", s.data());
            m.put("issued", s.handshake() != null && s.handshake().issued() > 0 ? "number" : "missing");
            result.add(m);
        }
        result.sort(Comparator.comparing(m -> (String) m.get("id")));
        return result;
    }
}
