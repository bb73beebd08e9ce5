package dev.sockeye.server.internal;

import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.server.AckCallback;
import dev.sockeye.server.Args;
import dev.sockeye.server.BroadcastOperator;
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

/**
 * A socket of another server, as its server reported it, reached through the adapter with its id as room;
 * {@code operator} targets that room and carries the emit modifiers.
 */
record RemoteSocketImpl(
        NamespaceImpl nsp,
        String id,
        Handshake handshake,
        Set<String> rooms,
        Map<String, Object> data,
        Operator operator)
        implements RemoteSocket {

    /** The socket {@code details} describe, with read-only copies of its rooms and data. */
    static RemoteSocketImpl of(NamespaceImpl nsp, SocketDetails details) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (details.data() != null && details.data().isObject()) {
            data = nsp.mapper().treeToValue(details.data(), new TypeReference<LinkedHashMap<String, Object>>() {});
        }
        return new RemoteSocketImpl(
                nsp,
                details.id(),
                Handshakes.fromJson(details.handshake()),
                Set.copyOf(details.rooms()),
                Collections.unmodifiableMap(data),
                new Operator(nsp, BroadcastOptions.all().to(details.id())).expectSingleResponse());
    }

    private RemoteSocketImpl withOperator(BroadcastOperator modified) {
        return new RemoteSocketImpl(nsp, id, handshake, rooms, data, (Operator) modified);
    }

    /** The socket's answer: the first response, as one socket answers once. */
    private Args answer(List<JsonNode> responses) {
        return new Args(responses.isEmpty() ? List.of() : List.of(responses.get(0)), nsp.mapper());
    }

    @Override
    public boolean emit(String event, Object... args) {
        AckCallback ack = EmitArgs.trailingAck(args, AckCallback.class);
        return ack != null ? emit(event, ack, EmitArgs.withoutLast(args)) : operator.emit(event, args);
    }

    @Override
    public boolean emit(String event, AckCallback ack, Object... args) {
        EmitArgs.checkValues(args, AckCallback.class);
        return operator.emit(event, (error, responses) -> ack.onAck(error, answer(responses)), args);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(String event, Class<T> responseType, Object... args) {
        EmitArgs.checkValues(args, AckCallback.class);
        return operator.emitWithAck(event, JsonNode.class, args)
                .thenApply(responses -> SocketImpl.bind(answer(responses), responseType));
    }

    @Override
    public SocketEmitter timeout(Duration timeout) {
        return withOperator(operator.timeout(timeout));
    }

    @Override
    public SocketEmitter compress(boolean compress) {
        return withOperator(operator.compress(compress));
    }

    @Override
    public SocketEmitter asVolatile() {
        return withOperator(operator.asVolatile());
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
    public void disconnect(boolean close) {
        operator.disconnectSockets(close);
    }

    @Override
    public String toString() {
        return "RemoteSocket[" + id + " " + nsp.name() + "]";
    }
}
