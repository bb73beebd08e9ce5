package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.LocalSocket;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.cluster.ClusterAdapter;
import dev.sockeye.core.adapter.cluster.ClusterAdapterOptions;
import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.redis.RedisAdapterOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
public final class ClassicRedisAdapter extends ClusterAdapter {

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
        super(
                host,
                ClusterAdapterOptions.builder()
                        .requestsTimeout(options.requestsTimeout())
                        .build());
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
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> unsubscribed = CompletableFuture.allOf(
                bus.punsubscribe(channel + "*"),
                bus.unsubscribe(requestChannel, responseChannel, specificResponseChannel));
        return super.close()
                .thenCombine(
                        unsubscribed.exceptionally(e -> {
                            log.debug(
                                    "[{}] unsubscribing on close failed (the subscriber connection is closed with the factory): {}",
                                    uid(),
                                    e.toString());
                            return null;
                        }),
                        (a, b) -> null);
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return bus.numsub(requestChannel, redisOptions.requestsTimeout());
    }

    @Override
    protected CompletableFuture<String> doPublish(ClusterMessage message) {
        if (message.messageType() == MessageType.BROADCAST && !message.data().has("requestId")) {
            String room = ClassicWire.broadcastRoom(message);
            String target = room == null ? channel : channel + room + "#";
            return bus.publish(target, ClassicWire.broadcast(message)).thenApply(v -> null);
        }
        byte[] payload = ClassicWire.request(message);
        if (payload == null) {
            return CompletableFuture.completedFuture(null);
        }
        return bus.publish(requestChannel, payload).thenApply(v -> null);
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, ClusterMessage response) {
        byte[] payload = ClassicWire.response(response);
        if (payload == null) {
            return CompletableFuture.completedFuture(null);
        }
        // Node always answers serverSideEmit on the shared channel
        boolean specific = redisOptions.publishOnSpecificResponseChannel()
                && response.messageType() != MessageType.SERVER_SIDE_EMIT_RESPONSE;
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
        try {
            ClusterMessage message = ClassicWire.fromBroadcast(payload, host().name());
            if (message != null) {
                onMessage(message, null);
            }
        } catch (RuntimeException e) {
            log.debug("[{}] ignored malformed broadcast on {}: {}", uid(), from, e.toString());
        }
    }

    private void onRequestOrResponse(String from, byte[] payload) {
        JsonNode decoded;
        try {
            decoded = ClassicWire.decodeObject(payload);
        } catch (RuntimeException e) {
            log.debug("[{}] ignored malformed message on {}: {}", uid(), from, e.toString());
            return;
        }
        if (from.equals(requestChannel)) {
            onRequest(decoded);
        } else {
            ClusterMessage response = ClassicWire.fromResponse(decoded, host().name());
            if (response != null) {
                onResponse(response);
            }
        }
    }

    private void onRequest(JsonNode request) {
        try {
            if (uid().equals(request.path("uid").asString(null))) {
                return;
            }
            int type = request.path("type").asInt(-1);
            if (type == ClassicWire.SOCKETS) {
                Set<String> rooms = new java.util.LinkedHashSet<>();
                request.path("rooms").forEach(r -> rooms.add(r.asString()));
                sockets(rooms)
                        .thenAccept(ids -> publishClassicResponse(
                                request, ClassicWire.socketsResponse(request.get("requestId"), ids)));
                return;
            }
            if (type == ClassicWire.ALL_ROOMS) {
                publishClassicResponse(
                        request,
                        ClassicWire.allRoomsResponse(request.get("requestId"), new ArrayList<>(rooms().keySet())));
                return;
            }
            ClusterMessage message = ClassicWire.fromRequest(request, host().name());
            if (message != null) {
                onMessage(message, null);
                return;
            }
            if (request.has("sid")) {
                onLegacySocketRequest(type, request);
                return;
            }
            log.debug("[{}] ignored classic request of type {}", uid(), type);
        } catch (RuntimeException e) {
            log.debug("[{}] ignored malformed request: {}", uid(), e.toString());
        }
    }

    /** The single-socket join/leave/disconnect requests of redis-adapter before 7. */
    private void onLegacySocketRequest(int type, JsonNode request) {
        LocalSocket socket = host().socket(request.get("sid").asString());
        if (socket == null) {
            return;
        }
        switch (type) {
            case ClassicWire.REMOTE_JOIN ->
                socket.join(List.of(request.path("room").asString()));
            case ClassicWire.REMOTE_LEAVE -> socket.leave(request.path("room").asString());
            case ClassicWire.REMOTE_DISCONNECT ->
                socket.disconnect(request.path("close").asBoolean(false));
            default -> {
                return;
            }
        }
        publishClassicResponse(request, ClassicWire.emptyResponse(request.get("requestId")));
    }

    private void publishClassicResponse(JsonNode request, byte[] payload) {
        String requester = request.path("uid").asString(null);
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
