package dev.sockeye.server.internal;

import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.server.AckCallback;
import dev.sockeye.server.Args;
import dev.sockeye.server.Handshake;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.SocketEmitter;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** A socket of another server, reached through the adapter with its id as room. */
final class RemoteSocketImpl implements RemoteSocket {
    private final NamespaceImpl nsp;
    private final String id;
    private final Handshake handshake;
    private final Set<String> rooms;
    private final Map<String, Object> data;
    private final Operator operator;

    RemoteSocketImpl(NamespaceImpl nsp, SocketDetails details) {
        this.nsp = nsp;
        this.id = details.id();
        this.handshake = Handshakes.fromJson(details.handshake());
        this.rooms = Set.copyOf(details.rooms());
        Map<String, Object> map = new LinkedHashMap<>();
        if (details.data() != null && details.data().isObject()) {
            map = nsp.mapper().treeToValue(details.data(), new TypeReference<LinkedHashMap<String, Object>>() {});
        }
        this.data = Collections.unmodifiableMap(map);
        this.operator = new Operator(nsp, BroadcastOptions.all().to(id)).expectSingleResponse();
    }

    private RemoteSocketImpl(RemoteSocketImpl base, Operator operator) {
        this.nsp = base.nsp;
        this.id = base.id;
        this.handshake = base.handshake;
        this.rooms = base.rooms;
        this.data = base.data;
        this.operator = operator;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Handshake handshake() {
        return handshake;
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    @Override
    public Map<String, Object> data() {
        return data;
    }

    @Override
    public boolean emit(String event, Object... args) {
        AckCallback ack = EmitArgs.trailingAck(args, AckCallback.class);
        return ack != null ? emit(event, ack, EmitArgs.withoutLast(args)) : operator.emit(event, args);
    }

    @Override
    public boolean emit(String event, AckCallback ack, Object... args) {
        EmitArgs.checkValues(args, AckCallback.class);
        return operator.emit(
                event,
                (error, responses) -> {
                    List<JsonNode> first = responses.isEmpty() ? List.of() : List.of(responses.get(0));
                    ack.onAck(error, new Args(first, nsp.mapper()));
                },
                args);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(String event, Class<T> responseType, Object... args) {
        EmitArgs.checkValues(args, AckCallback.class);
        return operator.emitWithAck(event, JsonNode.class, args).thenApply(responses -> {
            List<JsonNode> first = responses.isEmpty() ? List.of() : List.of(responses.get(0));
            return SocketImpl.bind(new Args(first, nsp.mapper()), responseType);
        });
    }

    @Override
    public boolean send(Object... args) {
        return emit("message", args);
    }

    @Override
    public SocketEmitter timeout(Duration timeout) {
        return new RemoteSocketImpl(this, (Operator) operator.timeout(timeout));
    }

    @Override
    public SocketEmitter compress(boolean compress) {
        return new RemoteSocketImpl(this, (Operator) operator.compress(compress));
    }

    @Override
    public SocketEmitter asVolatile() {
        return new RemoteSocketImpl(this, (Operator) operator.asVolatile());
    }

    @Override
    public void join(String room) {
        operator.socketsJoin(room);
    }

    @Override
    public void join(Collection<String> rooms) {
        operator.socketsJoin(rooms);
    }

    @Override
    public void leave(String room) {
        operator.socketsLeave(room);
    }

    @Override
    public void disconnect() {
        operator.disconnectSockets(false);
    }

    @Override
    public void disconnect(boolean close) {
        operator.disconnectSockets(close);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + id + " " + nsp.name() + "]";
    }
}
