package dev.sockeye.postgres;

import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.cluster.ClusterAdapterWithHeartbeat;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.postgres.internal.PgBus;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * The cluster adapter of one namespace over PostgreSQL {@code LISTEN/NOTIFY}, wire-compatible
 * with Node's {@code @socket.io/postgres-adapter} 0.5: Sockeye and Node.js servers sharing a
 * database, channel prefix and table form one cluster.
 *
 * <p>Every message goes as JSON in a notification on the channel {@code <prefix>#<nsp>};
 * a message holding binary data, or whose JSON reaches the payload threshold, goes as
 * MessagePack into the attachments table, and the notification only carries
 * {@code {"uid","type","attachmentId"}}. Nodes find each other through heartbeats. The
 * broadcasts of one node reach the other nodes in the order they were emitted.
 *
 * <pre>{@code
 * PostgresAdapterFactory adapters = PostgresAdapter.factory(dataSource);
 * SocketIoServer io = SocketIoServer.builder().adapter(adapters).build();
 * // ... on shutdown, after the server:
 * adapters.close();
 * }</pre>
 */
public final class PostgresAdapter extends ClusterAdapterWithHeartbeat {

    private final PgBus bus;
    private final PgBus.Receiver receiver = new PgBus.Receiver() {
        @Override
        public void onMessage(TypedClusterMessage message) {
            PostgresAdapter.this.onMessage(message, null);
        }

        @Override
        public void onReconnect() {
            // other nodes may have forgotten this one, and this one them: everyone answers this
            publish(new ClusterPayload.InitialHeartbeat());
        }
    };

    PostgresAdapter(NamespaceHost host, PostgresAdapterOptions options, PgBus bus) {
        super(host, options.cluster());
        this.bus = bus;
    }

    /**
     * A factory with the default options. It holds two connections of the data source (one
     * publishing, one listening) until closed.
     *
     * @param dataSource where connections come from, e.g. pgjdbc's {@code PGSimpleDataSource}
     *                   or a pool
     * @return the factory, already connecting
     */
    public static PostgresAdapterFactory factory(DataSource dataSource) {
        return factory(dataSource, PostgresAdapterOptions.defaults());
    }

    /**
     * A factory with the given options. It holds two connections of the data source (one
     * publishing, one listening) until closed.
     *
     * @param dataSource where connections come from
     * @param options    the options
     * @return the factory, already connecting
     */
    public static PostgresAdapterFactory factory(DataSource dataSource, PostgresAdapterOptions options) {
        return new PostgresAdapterFactory(
                Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Listens to the namespace's channel, then announces this node.
     *
     * @return completes once listening (or at once while the database is unreachable)
     */
    @Override
    public CompletableFuture<Void> init() {
        return bus.subscribe(host().name(), uid(), receiver).thenCompose(ignored -> super.init());
    }

    @Override
    protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
        // no offsets: connection state recovery needs the in-memory or a streams adapter
        return bus.publish(message).thenApply(ignored -> null);
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
        // one channel per namespace: nodes other than the requester do not know the requestId
        return bus.publish(response);
    }

    /**
     * Announces the departure (ADAPTER_CLOSE), stops the timers and stops listening to the
     * namespace's channel. The factory's connections stay open for the other namespaces.
     */
    @Override
    public CompletableFuture<Void> close() {
        return super.close().thenCompose(ignored -> bus.unsubscribe(host().name(), uid(), receiver));
    }
}
