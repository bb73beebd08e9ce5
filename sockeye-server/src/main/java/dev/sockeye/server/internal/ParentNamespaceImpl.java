package dev.sockeye.server.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.InMemoryAdapter;
import dev.sockeye.server.NamespaceMatcher;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import tools.jackson.databind.JsonNode;

/**
 * A namespace made with a regex or a matcher: it holds no socket itself; its children, created
 * when a client asks for a matching name, get its middlewares and connection handlers. Broadcasts
 * reach every child.
 */
final class ParentNamespaceImpl extends NamespaceImpl {
    private final NamespaceMatcher matcher;
    private final Set<NamespaceImpl> children = new CopyOnWriteArraySet<>();

    ParentNamespaceImpl(DefaultSocketIoServer server, String name, NamespaceMatcher matcher) {
        super(server, name);
        this.matcher = matcher;
    }

    @Override
    protected Adapter createAdapter() {
        // Never holds sockets: an in-memory adapter only answers the room views (empty).
        return new InMemoryAdapter(this);
    }

    NamespaceMatcher matcher() {
        return matcher;
    }

    /** Creates a child with a copy of this parent's middlewares and connection handlers. Holding the server's lock. */
    NamespaceImpl createChild(String childName) {
        NamespaceImpl child = new NamespaceImpl(server, childName);
        child.middlewares.addAll(middlewares);
        child.connectionHandlers.addAll(connectionHandlers);
        child.parent = this;
        children.add(child);
        return child;
    }

    /** Removes a retired child from the server, then forgets it. */
    void removeChild(NamespaceImpl child) {
        if (server.removeNamespace(child)) {
            forgetChild(child);
        }
    }

    /** Forgets a retired child the server no longer lists, and closes its adapter. */
    void forgetChild(NamespaceImpl child) {
        children.remove(child);
        child.adapterClose();
    }

    @Override
    boolean broadcast(Packet packet, BroadcastOptions opts) {
        boolean allTaken = true;
        for (NamespaceImpl child : children) {
            allTaken &= child.broadcast(packet.withNsp(child.name()), opts);
        }
        return allTaken;
    }

    @Override
    void broadcastWithAck(Packet packet, BroadcastOptions opts, IntConsumer clientCount, Consumer<JsonNode> ack) {
        throw new UnsupportedOperationException(
                "broadcasts with acknowledgement are not supported on parent namespaces");
    }

    @Override
    CompletableFuture<List<FetchedSocket>> fetchSockets(BroadcastOptions opts) {
        // As in Node: a child may exist on one server and not on another, so there is no sound answer.
        throw new UnsupportedOperationException("fetchSockets() is not supported on parent namespaces");
    }

    @Override
    void addSockets(BroadcastOptions opts, Collection<String> rooms) {
        children.forEach(child -> child.addSockets(opts, rooms));
    }

    @Override
    void delSockets(BroadcastOptions opts, Collection<String> rooms) {
        children.forEach(child -> child.delSockets(opts, rooms));
    }

    @Override
    void disconnectSockets(BroadcastOptions opts, boolean close) {
        children.forEach(child -> child.disconnectSockets(opts, close));
    }

    @Override
    CompletableFuture<Set<String>> allSockets(BroadcastOptions opts) {
        Set<String> all = ConcurrentHashMap.newKeySet();
        CompletableFuture<?>[] each = children.stream()
                .map(child -> child.allSockets(opts).thenAccept(all::addAll))
                .toArray(CompletableFuture<?>[]::new);
        return CompletableFuture.allOf(each).thenApply(done -> all);
    }
}
