package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.AdapterListener;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.redis.ShardedRedisAdapterOptions;
import dev.sockeye.redis.SubscriptionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sharded Redis adapter of one namespace (Redis 7 {@code SSUBSCRIBE}/{@code SPUBLISH}): the
 * protocol of {@code @socket.io/redis-adapter} {@code createShardedAdapter}, whose messages are
 * the cluster base's, encoded as JSON or, when they carry binary, as msgpack.
 *
 * <p>Channels for namespace {@code nsp} and prefix {@code p}: {@code p#nsp#} (requests and
 * broadcasts), {@code p#nsp#uid#} (responses to this node) and, in the dynamic modes,
 * {@code p#nsp#room#} for each room of this node (public rooms only in
 * {@link SubscriptionMode#DYNAMIC}). The node count is {@code PUBSUB SHARDNUMSUB p#nsp#}.
 */
public final class ShardedRedisAdapter extends RedisClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(ShardedRedisAdapter.class);

    private final RedisBus bus;
    private final ShardedRedisAdapterOptions redisOptions;
    private final String channel;
    private final String responseChannel;
    private final Set<String> roomChannels = ConcurrentHashMap.newKeySet();
    private final RedisBus.Handler handler = this::onRawMessage;
    private final Set<CompletableFuture<Void>> pendingSubscriptions = ConcurrentHashMap.newKeySet();

    /**
     * Creates the adapter of a namespace.
     *
     * @param host    the namespace
     * @param options the options
     * @param bus     the node's Redis connections
     */
    public ShardedRedisAdapter(NamespaceHost host, ShardedRedisAdapterOptions options, RedisBus bus) {
        super(host, options.requestsTimeout());
        this.bus = bus;
        this.redisOptions = options;
        this.channel = options.channelPrefix() + "#" + host.name() + "#";
        this.responseChannel = channel + uid() + "#";
        if (options.subscriptionMode() != SubscriptionMode.STATIC) {
            addListener(new AdapterListener() {
                @Override
                public void onCreateRoom(String room) {
                    if (usesOwnChannel(room) && roomChannels.add(room)) {
                        CompletableFuture<Void> subscribed = bus.ssubscribe(handler, roomChannel(room));
                        pendingSubscriptions.add(subscribed);
                        subscribed.whenComplete((v, e) -> pendingSubscriptions.remove(subscribed));
                        logFailure(subscribed, "SSUBSCRIBE");
                    }
                }

                @Override
                public void onDeleteRoom(String room) {
                    if (roomChannels.remove(room)) {
                        logFailure(bus.sunsubscribe(roomChannel(room)), "SUNSUBSCRIBE");
                    }
                }
            });
        }
    }

    /**
     * Completes when every room subscription requested so far is confirmed by Redis. A room's
     * channel is subscribed when the room is created, asynchronously (as in Node): a broadcast
     * to a room sent right after a socket of this node joined it may miss that socket unless
     * the sender waits for this.
     *
     * @return completes when the subscriptions are active (also when some failed)
     */
    public CompletableFuture<Void> roomSubscriptionsSettled() {
        return CompletableFuture.allOf(pendingSubscriptions.stream()
                .map(f -> f.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> init() {
        return bus.ssubscribe(handler, channel, responseChannel);
    }

    @Override
    protected CompletableFuture<Void> unsubscribe() {
        List<String> names = new ArrayList<>(List.of(channel, responseChannel));
        for (String room : roomChannels) {
            names.add(roomChannel(room));
        }
        roomChannels.clear();
        return bus.sunsubscribe(names.toArray(String[]::new));
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return bus.shardNumsub(channel, redisOptions.requestsTimeout());
    }

    @Override
    protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
        return bus.spublish(channelOf(message), ClusterMessageCodec.encode(message))
                .thenApply(v -> null);
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
        return bus.spublish(channel + requesterUid + "#", ClusterMessageCodec.encode(response));
    }

    /**
     * Where a message goes: a plain broadcast to one room uses that room's channel in the
     * dynamic modes (never a broadcast with ack, whose server count is global).
     */
    private String channelOf(TypedClusterMessage message) {
        if (!(message.payload() instanceof ClusterPayload.Broadcast broadcast)
                || broadcast.requestId() != null
                || broadcast.opts().rooms().size() != 1) {
            return channel;
        }
        String room = broadcast.opts().rooms().iterator().next();
        boolean dynamic = switch (redisOptions.subscriptionMode()) {
            case STATIC -> false;
            case DYNAMIC -> !looksLikeASocketId(room);
            case DYNAMIC_PRIVATE -> true;
        };
        return dynamic ? roomChannel(room) : channel;
    }

    /** Node's test: socket ids are 20 characters long. */
    private static boolean looksLikeASocketId(String room) {
        return room.length() == 20;
    }

    private boolean usesOwnChannel(String room) {
        return redisOptions.subscriptionMode() == SubscriptionMode.DYNAMIC_PRIVATE
                || (redisOptions.subscriptionMode() == SubscriptionMode.DYNAMIC && !sids().containsKey(room));
    }

    private String roomChannel(String room) {
        return channel + room + "#";
    }

    private void onRawMessage(String from, byte[] payload) {
        // emitters may leave the namespace out: the channel names it
        TypedClusterMessage message =
                decodeOrDrop("message on " + from, () -> ClusterMessageCodec.decode(payload, host().name()));
        if (from.equals(responseChannel)) {
            onResponse(message);
        } else {
            onMessage(message, null);
        }
    }

    private void logFailure(CompletableFuture<?> future, String what) {
        future.whenComplete((v, e) -> {
            if (e != null) {
                log.debug("[{}] {} failed: {}", uid(), what, e.toString());
            }
        });
    }
}
