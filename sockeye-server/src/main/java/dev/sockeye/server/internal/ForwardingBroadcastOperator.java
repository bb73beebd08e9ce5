package dev.sockeye.server.internal;

import dev.sockeye.server.BroadcastAckCallback;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.TypeRef;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link BroadcastOperator} that hands every call to the operator it stands for: a namespace to its
 * operator of every socket, the server to its main namespace. One place for the forwarding that both
 * would otherwise write out method by method.
 */
interface ForwardingBroadcastOperator extends BroadcastOperator {

    /** The operator every call goes to. */
    BroadcastOperator broadcastTarget();

    @Override
    default BroadcastOperator to(String room) {
        return broadcastTarget().to(room);
    }

    @Override
    default BroadcastOperator to(Collection<String> rooms) {
        return broadcastTarget().to(rooms);
    }

    @Override
    default BroadcastOperator except(String room) {
        return broadcastTarget().except(room);
    }

    @Override
    default BroadcastOperator except(Collection<String> rooms) {
        return broadcastTarget().except(rooms);
    }

    @Override
    default BroadcastOperator local() {
        return broadcastTarget().local();
    }

    @Override
    default BroadcastOperator asVolatile() {
        return broadcastTarget().asVolatile();
    }

    @Override
    default BroadcastOperator compress(boolean compress) {
        return broadcastTarget().compress(compress);
    }

    @Override
    default BroadcastOperator timeout(Duration timeout) {
        return broadcastTarget().timeout(timeout);
    }

    @Override
    default boolean emit(String event, Object... args) {
        return broadcastTarget().emit(event, args);
    }

    @Override
    default boolean emit(String event, BroadcastAckCallback ack, Object... args) {
        return broadcastTarget().emit(event, ack, args);
    }

    @Override
    default <T> CompletableFuture<List<T>> emitWithAck(String event, Class<T> responseType, Object... args) {
        return broadcastTarget().emitWithAck(event, responseType, args);
    }

    @Override
    default <T> CompletableFuture<List<T>> emitWithAck(String event, TypeRef<T> responseType, Object... args) {
        return broadcastTarget().emitWithAck(event, responseType, args);
    }

    @Override
    default CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return broadcastTarget().fetchSockets();
    }

    @Override
    default void socketsJoin(Collection<String> rooms) {
        broadcastTarget().socketsJoin(rooms);
    }

    @Override
    default void socketsLeave(Collection<String> rooms) {
        broadcastTarget().socketsLeave(rooms);
    }

    @Override
    default void disconnectSockets(boolean close) {
        broadcastTarget().disconnectSockets(close);
    }

    @Override
    @Deprecated
    default CompletableFuture<Set<String>> allSockets() {
        return broadcastTarget().allSockets();
    }
}
