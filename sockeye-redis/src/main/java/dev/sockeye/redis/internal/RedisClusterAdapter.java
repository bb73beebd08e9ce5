package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the classic, sharded and streams adapters share: cluster options made of their requests
 * timeout, and leaving the bus on close without failing the close.
 */
public abstract class RedisClusterAdapter extends ClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisClusterAdapter.class);

    /**
     * Creates the adapter of a namespace.
     *
     * @param host            the namespace
     * @param requestsTimeout how long requests wait for the other nodes
     */
    protected RedisClusterAdapter(NamespaceHost host, Duration requestsTimeout) {
        super(
                host,
                ClusterAdapterOptions.builder().requestsTimeout(requestsTimeout).build());
    }

    /**
     * Stops receiving this namespace's messages (unsubscribes its channels); called once, by
     * {@link #close()}.
     *
     * @return completes when Redis confirmed
     */
    protected abstract CompletableFuture<Void> unsubscribe();

    /**
     * Unsubscribes and closes the cluster base. A failed unsubscription is only logged: the
     * subscriber connection is closed with the factory anyway.
     */
    @Override
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> unsubscribed = unsubscribe().exceptionally(e -> {
            log.debug(
                    "[{}] unsubscribing on close failed (the subscriber connection is closed with the factory): {}",
                    uid(),
                    e.toString());
            return null;
        });
        return super.close().thenCombine(unsubscribed, (a, b) -> null);
    }
}
