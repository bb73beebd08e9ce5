package dev.sockeye.redis.internal;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Connections to a Redis Cluster through Lettuce's cluster client.
 *
 * <p>Publications: {@code PUBLISH} goes to any node (the cluster forwards it to every node),
 * {@code SPUBLISH} to the master of the channel's slot. Subscriptions: {@code SUBSCRIBE} and
 * {@code PSUBSCRIBE} stay on the subscriber's node, which Lettuce replaces by another node when
 * it is lost; each shard channel is {@code SSUBSCRIBE}d on its slot's master, and subscribed again
 * on the new master when a topology refresh shows the slot moved (a failover) or when its node
 * unsubscribes it (Redis does when the slot moves away: a resharding).
 * Counts ({@code NUMSUB}, {@code SHARDNUMSUB}) are summed over every node not marked failed, as
 * Node's adapter does with a cluster client.
 */
public final class ClusterConnections extends RedisConnections {

    private static final Logger log = LoggerFactory.getLogger(ClusterConnections.class);
    private static final String NO_MASTER = "";

    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, byte[]> commands;
    private final StatefulRedisClusterPubSubConnection<String, byte[]> subscriber;
    /** Each subscribed shard channel, with the address of the master it was subscribed on. */
    private final Map<String, String> shardChannels = new ConcurrentHashMap<>();

    private final Disposable topologyChanges;

    /**
     * Opens a command and a subscriber connection, and starts following topology changes.
     *
     * @param client      the cluster client, configured with its seed nodes
     * @param ownsClient  whether {@link #close()} shuts the client down
     * @param description where Redis is, for messages
     * @throws io.lettuce.core.RedisConnectionException when no seed node can be reached
     */
    public ClusterConnections(RedisClusterClient client, boolean ownsClient, String description) {
        this(client, ownsClient, description, client.connect(CODEC));
    }

    private ClusterConnections(
            RedisClusterClient client,
            boolean ownsClient,
            String description,
            StatefulRedisClusterConnection<String, byte[]> commands) {
        super(client, ownsClient, description, commands, commands.async(), () -> client.connectPubSub(CODEC));
        this.client = client;
        this.commands = commands;
        this.subscriber = (StatefulRedisClusterPubSubConnection<String, byte[]>) subscriber();
        this.subscriber.addListener(new RedisClusterPubSubAdapter<String, byte[]>() {
            @Override
            public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                onUnsubscribed(node, channel);
            }
        });
        // the event bus may be shared with other clients: each event makes every cluster bus check its own channels
        this.topologyChanges = client.getResources()
                .eventBus()
                .get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(event -> {
                    try {
                        followSlotMoves();
                    } catch (RuntimeException e) {
                        // an error would end the subscription to the event bus
                        log.debug("could not follow a cluster topology change: {}", e.toString());
                    }
                });
    }

    @Override
    public Dedicated openDedicated() {
        StatefulRedisClusterConnection<String, byte[]> connection = client.connect(CODEC);
        return new Dedicated(connection, connection.async());
    }

    @Override
    public CompletableFuture<Void> ssubscribe(String... names) {
        // one command per channel: channels of different slots live on different nodes
        List<CompletableFuture<Void>> confirmations = new ArrayList<>();
        for (String name : names) {
            shardChannels.put(name, masterOf(name));
            confirmations.add(subscriber.async().ssubscribe(name).toCompletableFuture());
        }
        return CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> sunsubscribe(String... names) {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (String name : names) {
            shardChannels.remove(name);
            sent.add(subscriber.async().sunsubscribe(name).toCompletableFuture());
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    @Override
    CompletableFuture<Integer> subscribers(String channel, boolean shard, Duration timeout) {
        return sumOverNodes(timeout, conn -> subscribersOf(conn.async(), channel, shard));
    }

    /**
     * Asks every node not marked failed; a node that does not answer in time counts 0 (a lost
     * node's subscribers are reconnecting elsewhere).
     */
    private CompletableFuture<Integer> sumOverNodes(
            Duration timeout, Function<StatefulRedisConnection<String, byte[]>, CompletableFuture<Integer>> query) {
        List<CompletableFuture<Integer>> counts = new ArrayList<>();
        for (RedisClusterNode node : commands.getPartitions()) {
            if (node.is(NodeFlag.FAIL) || node.is(NodeFlag.EVENTUAL_FAIL) || node.is(NodeFlag.NOADDR)) {
                continue;
            }
            CompletableFuture<Integer> count;
            try {
                count = commands.getConnectionAsync(node.getNodeId()).thenCompose(query);
            } catch (RuntimeException e) {
                count = CompletableFuture.failedFuture(e);
            }
            counts.add(
                    count.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
                        log.debug("no PUBSUB count from cluster node {}: {}", node.getUri(), e.toString());
                        return 0;
                    }));
        }
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
                .thenApply(
                        v -> counts.stream().mapToInt(CompletableFuture::join).sum());
    }

    /** The address of the master serving a channel's slot, {@link #NO_MASTER} while no node serves it. */
    private String masterOf(String channel) {
        RedisClusterNode master = subscriber.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
        return master == null ? NO_MASTER : address(master);
    }

    /**
     * A shard channel this node still wants was unsubscribed by the node it lives on: Redis does
     * that when the channel's slot moves to another master (a resharding, a manual failover).
     * The slot map is reloaded and the channel subscribed again where it now lives.
     */
    private void onUnsubscribed(RedisClusterNode node, String channel) {
        String owner = shardChannels.get(channel);
        if (owner == null || (node != null && node.getUri() != null && !owner.equals(address(node)))) {
            return; // unsubscribed on purpose, or by a node it no longer lives on
        }
        log.debug("shard channel {} unsubscribed by {}: reloading the slot map", channel, owner);
        client.refreshPartitionsAsync().whenComplete((v, e) -> {
            String now = masterOf(channel);
            if (!now.equals(NO_MASTER) && shardChannels.computeIfPresent(channel, (k, before) -> now) != null) {
                ssubscribeLogged(channel, now);
            }
        });
    }

    private static String address(RedisClusterNode node) {
        return node.getUri().getHost() + ":" + node.getUri().getPort();
    }

    /**
     * Subscribes again, on the new master, every shard channel whose slot moved; the old node
     * is told to unsubscribe (queued until it comes back, if it does, so that a demoted master
     * does not deliver twice).
     */
    private void followSlotMoves() {
        for (Map.Entry<String, String> entry : shardChannels.entrySet()) {
            String channel = entry.getKey();
            String before = entry.getValue();
            String now = masterOf(channel);
            if (now.equals(NO_MASTER) || now.equals(before) || !shardChannels.replace(channel, before, now)) {
                continue;
            }
            log.debug("shard channel {} moved from {} to {}: subscribing again", channel, before, now);
            ssubscribeLogged(channel, now);
            if (!before.equals(NO_MASTER)) {
                unsubscribeOn(before, channel);
            }
        }
    }

    private void ssubscribeLogged(String channel, String where) {
        subscriber.async().ssubscribe(channel).toCompletableFuture().whenComplete((v, e) -> {
            if (e != null) {
                log.debug("SSUBSCRIBE {} on {} failed: {}", channel, where, e.toString());
            }
        });
    }

    private void unsubscribeOn(String address, String channel) {
        int colon = address.lastIndexOf(':');
        try {
            subscriber
                    .getConnectionAsync(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))
                    .thenAccept(old -> old.async().sunsubscribe(channel));
        } catch (RuntimeException e) {
            log.debug("cannot unsubscribe {} on {}, no longer a cluster node: {}", channel, address, e.toString());
        }
    }

    @Override
    public void close() {
        topologyChanges.dispose();
        super.close();
    }
}
