package dev.sockeye.core.adapter;

import dev.sockeye.core.Packet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The in-memory adapter with connection state recovery: Node's {@code SessionAwareAdapter}. The
 * server uses it when connection state recovery is on and no adapter is given. Each recoverable
 * packet ({@link ConnectionStateRecovery#isRecoverable}) gets an offset from the
 * {@link SessionStore} as the last element of its data; {@link #persistSession} and
 * {@link #restoreSession} go to the store.
 *
 * <p>The recoverable broadcasts of a namespace run one at a time, offset, store and delivery
 * together, so that every socket receives them in the order of their offsets: a client's last
 * offset then says exactly which packets it has, and the replay neither skips nor repeats one.
 *
 * <pre>{@code
 * // the server's default with recovery on: one in-memory store for all namespaces
 * SessionStore store = new InMemorySessionStore(ConnectionStateRecovery.defaults());
 * SocketIoServer.builder()
 *         .connectionStateRecovery(ConnectionStateRecovery.defaults())
 *         .adapter(SessionAwareAdapter.factory(store))
 *         .build();
 * }</pre>
 */
public class SessionAwareAdapter extends InMemoryAdapter {

    private final SessionStore store;
    private final ReentrantLock broadcastOrder = new ReentrantLock();

    /**
     * Creates the adapter of a namespace.
     *
     * @param host  the namespace
     * @param store where packets and sessions are kept (shared by the server's namespaces)
     */
    public SessionAwareAdapter(NamespaceHost host, SessionStore store) {
        super(host);
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * A factory of adapters that share one store. Give each server its own factory (and store).
     *
     * @param store the store
     * @return the factory
     */
    public static AdapterFactory factory(SessionStore store) {
        Objects.requireNonNull(store, "store");
        return host -> new SessionAwareAdapter(host, store);
    }

    @Override
    public boolean broadcast(Packet packet, BroadcastOptions opts) {
        if (!ConnectionStateRecovery.isRecoverable(packet, opts)) {
            return super.broadcast(packet, opts);
        }
        // A copy: the caller's array may be shared (a parent namespace hands one to every child).
        ArrayNode original = (ArrayNode) packet.data();
        ArrayNode data = JsonNodeFactory.instance.arrayNode(original.size() + 1).addAll(original);
        broadcastOrder.lock();
        try {
            store.append(host().name(), data, opts);
            return super.broadcast(new Packet(packet.type(), packet.nsp(), data, null), opts);
        } finally {
            broadcastOrder.unlock();
        }
    }

    @Override
    public void persistSession(SessionToPersist session) {
        store.persist(host().name(), session);
    }

    @Override
    public CompletableFuture<Session> restoreSession(String pid, String offset) {
        return store.restore(host().name(), pid, offset);
    }
}
