package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.redis.RedisAdapterOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The classic Redis adapter of one namespace: the protocol of {@code @socket.io/redis-adapter}
 * {@code createAdapter} (plain pub/sub, request types 0–9), translated by {@link ClassicWire}
 * to and from the cluster base's messages.
 *
 * <p>Channels for namespace {@code nsp} and key {@code k}: broadcasts on {@code k#nsp#} and
 * {@code k#nsp#room#} (pattern {@code k#nsp#*}), requests on {@code k-request#nsp#}, responses on
 * {@code k-response#nsp#} and {@code k-response#nsp#uid#}. The node count is
 * {@code PUBSUB NUMSUB k-request#nsp#}.
 */
public final class ClassicRedisAdapter extends RedisClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClassicRedisAdapter.class);

    private final RedisBus bus;
    private final RedisAdapterOptions redisOptions;
    private final String channel;
    private final String requestChannel;
    private final String responseChannel;
    private final String specificResponseChannel;

    /**
     * Creates the adapter of a namespace.
     *
     * @param host    the namespace
     * @param bus     the node's Redis connections
     * @param options the options
     */
    public ClassicRedisAdapter(NamespaceHost host, RedisAdapterOptions options, RedisBus bus) {
        super(host, options.requestsTimeout());
        this.bus = bus;
        this.redisOptions = options;
        String nsp = host.name();
        this.channel = options.key() + "#" + nsp + "#";
        this.requestChannel = options.key() + "-request#" + nsp + "#";
        this.responseChannel = options.key() + "-response#" + nsp + "#";
        this.specificResponseChannel = responseChannel + uid() + "#";
    }

    @Override
    public CompletableFuture<Void> init() {
        return CompletableFuture.allOf(
                bus.psubscribe(channel + "*", this::onBroadcastMessage),
                bus.subscribe(this::onRequestOrResponse, requestChannel, responseChannel, specificResponseChannel));
    }

    @Override
    protected CompletableFuture<Void> unsubscribe() {
        return CompletableFuture.allOf(
                bus.punsubscribe(channel + "*"),
                bus.unsubscribe(requestChannel, responseChannel, specificResponseChannel));
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return bus.numsub(requestChannel, redisOptions.requestsTimeout());
    }

    @Override
    protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
        if (message.payload() instanceof ClusterPayload.Broadcast broadcast && broadcast.requestId() == null) {
            String room = ClassicWire.broadcastRoom(broadcast);
            String target = room == null ? channel : channel + room + "#";
            return bus.publish(target, ClassicWire.broadcast(message.uid(), message.nsp(), broadcast))
                    .thenApply(v -> null);
        }
        byte[] payload = ClassicWire.request(message);
        if (payload == null) {
            return CompletableFuture.completedFuture(null);
        }
        return bus.publish(requestChannel, payload).thenApply(v -> null);
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
        byte[] payload = ClassicWire.response(response);
        if (payload == null) {
            return CompletableFuture.completedFuture(null);
        }
        // Node always answers serverSideEmit on the shared channel
        boolean specific = redisOptions.publishOnSpecificResponseChannel()
                && !(response.payload() instanceof ClusterPayload.ServerSideEmitResponse);
        return bus.publish(specific ? responseChannel + requesterUid + "#" : responseChannel, payload);
    }

    private void onBroadcastMessage(String from, byte[] payload) {
        if (!from.startsWith(channel) || !from.endsWith("#")) {
            return;
        }
        String room = from.substring(channel.length(), Math.max(channel.length(), from.length() - 1));
        // a broadcast to a single room this node does not have concerns none of its sockets
        if (!room.isEmpty() && !rooms().containsKey(room)) {
            return;
        }
        onMessage(decodeOrDrop("broadcast on " + from, () -> ClassicWire.readBroadcast(payload, host().name())), null);
    }

    private void onRequestOrResponse(String from, byte[] payload) {
        try {
            JsonNode decoded = ClassicWire.decodeObject(payload);
            if (from.equals(requestChannel)) {
                onRequest(decoded);
            } else {
                onResponse(ClassicWire.readResponse(decoded, host().name()));
            }
        } catch (RuntimeException e) {
            onMalformedMessage("message on " + from, e);
        }
    }

    private void onRequest(JsonNode decoded) {
        if (uid().equals(ClassicWire.requesterUid(decoded))) {
            return;
        }
        ClassicWire.Request request = ClassicWire.readRequest(decoded, host().name());
        if (request instanceof ClassicWire.ClusterRequest cluster) {
            onMessage(cluster.message(), null);
        } else if (request instanceof ClassicWire.SocketIdsRequest ids) {
            sockets(ids.rooms())
                    .thenAccept(found ->
                            publishClassicResponse(ids.uid(), ClassicWire.socketsResponse(ids.requestId(), found)));
        } else if (request instanceof ClassicWire.AllRoomsRequest all) {
            publishClassicResponse(
                    all.uid(), ClassicWire.allRoomsResponse(all.requestId(), new ArrayList<>(rooms().keySet())));
        } else if (request instanceof ClassicWire.SingleSocketRequest single) {
            onSingleSocketRequest(single);
        } else {
            log.debug("[{}] ignored classic request of type {}", uid(), ((ClassicWire.UnknownRequest) request).type());
        }
    }

    /** The single-socket join/leave/disconnect requests of redis-adapter before 7. */
    private void onSingleSocketRequest(ClassicWire.SingleSocketRequest request) {
        LocalSocket socket = host().socket(request.sid());
        if (socket == null) {
            return;
        }
        switch (request.type()) {
            case ClassicWire.REMOTE_JOIN -> socket.join(List.of(request.room()));
            case ClassicWire.REMOTE_LEAVE -> socket.leave(request.room());
            default -> socket.disconnect(request.close());
        }
        publishClassicResponse(request.uid(), ClassicWire.emptyResponse(request.requestId()));
    }

    private void publishClassicResponse(String requester, byte[] payload) {
        String target = redisOptions.publishOnSpecificResponseChannel() && requester != null
                ? responseChannel + requester + "#"
                : responseChannel;
        bus.publish(target, payload).whenComplete((v, e) -> {
            if (e != null) {
                log.debug("[{}] error while publishing a response: {}", uid(), e.toString());
            }
        });
    }
}
