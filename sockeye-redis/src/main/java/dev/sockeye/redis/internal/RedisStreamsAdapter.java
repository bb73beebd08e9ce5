package dev.sockeye.redis.internal;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.core.adapter.Session;
import dev.sockeye.core.adapter.SessionToPersist;
import dev.sockeye.core.adapter.cluster.ClusterPayload;
import dev.sockeye.core.adapter.cluster.TypedClusterMessage;
import dev.sockeye.redis.RedisStreamsAdapterOptions;
import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The Redis Streams adapter of one namespace: the protocol of
 * {@code @socket.io/redis-streams-adapter} 0.3.1, whose messages are the cluster base's.
 *
 * <ul>
 *   <li>Broadcasts without acknowledgement, {@code socketsJoin}, {@code socketsLeave} and
 *       {@code disconnectSockets} are appended to the namespace's stream
 *       ({@code XADD … MAXLEN ~ maxLen}, fields {@link StreamsWire#encode}); every node reads it
 *       ({@link StreamReader}), so they survive a reader's reconnection. A broadcast's entry id is
 *       its offset for connection state recovery.</li>
 *   <li>What needs no history (broadcasts with acknowledgements, {@code serverSideEmit},
 *       {@code fetchSockets}) is published, msgpack of the whole message, on
 *       {@code <prefix>#<nsp>#}; answers on the requester's {@code <prefix>#<nsp>#<uid>#}.</li>
 *   <li>The node count is {@code PUBSUB NUMSUB <prefix>#<nsp>#} ({@code SHARDNUMSUB} with sharded
 *       pub/sub).</li>
 *   <li>Sessions: {@code SET <sessionKeyPrefix><pid> base64(msgpack(session)) PX
 *       maxDisconnectionDuration}, restored once ({@code GETDEL}) with the broadcasts of the
 *       namespace the session's rooms would have received since the offset.</li>
 * </ul>
 */
public final class RedisStreamsAdapter extends RedisClusterAdapter {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamsAdapter.class);
    /** Node's {@code RESTORE_SESSION_MAX_XRANGE_CALLS}: how many reads a replay makes at most. */
    static final int RESTORE_MAX_XRANGE_CALLS = 100;

    private static final Duration DEFAULT_MAX_DISCONNECTION = Duration.ofMinutes(2);

    private final RedisStreamsBus bus;
    private final RedisStreamsAdapterOptions redisOptions;
    private final String stream;
    private final String publicChannel;
    private final String privateChannel;
    private final RedisBus.Handler handler = this::onPubSubMessage;

    /**
     * Creates the adapter of a namespace.
     *
     * @param host the namespace
     * @param bus  the node's streams client
     */
    public RedisStreamsAdapter(NamespaceHost host, RedisStreamsBus bus) {
        super(host, bus.options().requestsTimeout());
        this.bus = bus;
        this.redisOptions = bus.options();
        this.stream = redisOptions.streamOf(host.name());
        this.publicChannel = redisOptions.channelPrefix() + "#" + host.name() + "#";
        this.privateChannel = publicChannel + uid() + "#";
    }

    /** The namespace's name. */
    String namespace() {
        return host().name();
    }

    /**
     * The stream this namespace's messages go to.
     *
     * @return its key
     */
    public String stream() {
        return stream;
    }

    @Override
    public CompletableFuture<Void> init() {
        CompletableFuture<Void> reading = bus.register(this);
        CompletableFuture<Void> subscribed = bus.subscribe(handler, publicChannel, privateChannel);
        return CompletableFuture.allOf(reading, subscribed);
    }

    @Override
    protected CompletableFuture<Void> unsubscribe() {
        bus.unregister(this);
        return bus.unsubscribe(publicChannel, privateChannel);
    }

    @Override
    public CompletableFuture<Integer> serverCount() {
        return bus.numsub(publicChannel);
    }

    @Override
    protected boolean hasOffsets() {
        return true;
    }

    @Override
    protected CompletableFuture<String> doPublish(TypedClusterMessage message) {
        if (isEphemeral(message.payload())) {
            return bus.publish(publicChannel, StreamsWire.encodeEphemeral(message))
                    .thenApply(v -> null);
        }
        return bus.xadd(stream, StreamsWire.encode(message, redisOptions.onlyPlaintext()));
    }

    @Override
    protected CompletableFuture<Void> doPublishResponse(String requesterUid, TypedClusterMessage response) {
        return bus.publish(publicChannel + requesterUid + "#", StreamsWire.encodeEphemeral(response));
    }

    /** Node's {@code isEphemeral}: what goes through pub/sub rather than the stream. */
    private static boolean isEphemeral(ClusterPayload payload) {
        boolean broadcastWithAck =
                payload instanceof ClusterPayload.Broadcast broadcast && broadcast.requestId() != null;
        return broadcastWithAck
                || payload instanceof ClusterPayload.ServerSideEmit
                || payload instanceof ClusterPayload.FetchSockets;
    }

    /**
     * Handles an entry of this namespace read from the stream.
     *
     * @param id     the entry's id, the offset of the broadcast it carries
     * @param fields its fields
     */
    void onStreamEntry(String id, Map<String, byte[]> fields) {
        onMessage(decodeOrDrop("stream entry " + id, () -> StreamsWire.decodeTyped(fields)), id);
    }

    private void onPubSubMessage(String channel, byte[] payload) {
        onMessage(
                decodeOrDrop("message on " + channel, () -> StreamsWire.decodeEphemeral(payload, host().name())), null);
    }

    // ---- connection state recovery ----

    /**
     * Stores the session for {@code maxDisconnectionDuration} (2 minutes when the namespace does
     * not say): {@code SET <sessionKeyPrefix><pid> base64(msgpack(session)) PX <ms>}. A failure
     * is logged at debug level (the client will not recover).
     */
    @Override
    public void persistSession(SessionToPersist session) {
        Duration ttl = host().connectionStateRecovery()
                .map(ConnectionStateRecovery::maxDisconnectionDuration)
                .orElse(DEFAULT_MAX_DISCONNECTION);
        bus.set(redisOptions.sessionKeyPrefix() + session.pid(), StreamsWire.encodeSession(session), ttl)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        log.debug(
                                "[{}] could not persist the session of socket {}: {}",
                                uid(),
                                session.sid(),
                                error.toString());
                    }
                });
    }

    /**
     * Restores a session as Node does: the offset must look like a stream id; the session is
     * read and deleted at once (so it is restored once at most) while the offset is looked up
     * ({@code XRANGE s off off}); both must exist. Then the entries after the offset are read
     * ({@code XRANGE s next +}, again from the last one until none is left, 100 reads at most)
     * and every broadcast of this namespace the session's rooms would have received becomes a
     * missed packet, its entry id appended as its last argument. Completes with {@code null}
     * when the session cannot be restored (unknown or expired session, offset trimmed from the
     * stream, malformed data, Redis error).
     */
    @Override
    public CompletableFuture<Session> restoreSession(String pid, String offset) {
        if (pid == null || !StreamsWire.isOffset(offset)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<String> stored = bus.getdel(redisOptions.sessionKeyPrefix() + pid);
        CompletableFuture<List<StreamMessage<String, byte[]>>> found = bus.xrange(stream, offset, offset);
        return stored.thenCombine(found, (value, entries) -> value != null && !entries.isEmpty() ? value : null)
                .thenCompose(value -> {
                    if (value == null) {
                        return CompletableFuture.completedFuture((Session) null);
                    }
                    SessionToPersist state = StreamsWire.decodeSession(value);
                    CompletableFuture<Session> restored = new CompletableFuture<>();
                    catchUp(state, offset, RESTORE_MAX_XRANGE_CALLS, new ArrayList<>(), restored);
                    return restored;
                })
                .exceptionally(error -> {
                    log.debug("[{}] could not restore a session: {}", uid(), error.toString());
                    return null;
                });
    }

    /**
     * Reads the missed entries up to the stream's end, then completes {@code restored} where the
     * stream reader stands at that end, on its order: the server puts the socket back in its rooms
     * as the future completes, so the entries after the replayed ones reach it live, none lost and
     * none twice (Node completes on its own, between entries its reader hands over or not yet). When
     * the reader went past the end meanwhile, the replay goes on from there. After
     * {@value #RESTORE_MAX_XRANGE_CALLS} reads the session is restored with what was read, as in Node.
     */
    private void catchUp(
            SessionToPersist state,
            String from,
            int callsLeft,
            List<JsonNode> missed,
            CompletableFuture<Session> restored) {
        replay(state, from, callsLeft, missed).whenComplete((end, error) -> {
            if (error != null) {
                restored.completeExceptionally(error);
                return;
            }
            Runnable complete = () -> restored.complete(new Session(state, missed));
            int callsUsed = end.calls();
            if (callsUsed >= callsLeft) {
                complete.run();
            } else if (!bus.runAt(stream, end.lastId(), complete)) {
                catchUp(state, end.lastId(), callsLeft - callsUsed, missed, restored);
            }
        });
    }

    /** Where a replay stopped: the last id it read (or the one it started after) and how many reads it made. */
    private record ReplayEnd(String lastId, int calls) {}

    /** Reads the entries after {@code offset}, again from the last one read, until none is left. */
    private CompletableFuture<ReplayEnd> replay(
            SessionToPersist state, String offset, int callsLeft, List<JsonNode> missed) {
        return replay(state, offset, callsLeft, 0, missed);
    }

    private CompletableFuture<ReplayEnd> replay(
            SessionToPersist state, String offset, int callsLeft, int made, List<JsonNode> missed) {
        if (callsLeft == 0) {
            return CompletableFuture.completedFuture(new ReplayEnd(offset, made));
        }
        return bus.xrange(stream, StreamsWire.nextOffset(offset), null).thenCompose(entries -> {
            if (entries.isEmpty()) {
                return CompletableFuture.completedFuture(new ReplayEnd(offset, made + 1));
            }
            for (StreamMessage<String, byte[]> entry : entries) {
                JsonNode packet = missedPacket(state, entry);
                if (packet != null) {
                    missed.add(packet);
                }
            }
            return replay(state, entries.get(entries.size() - 1).getId(), callsLeft - 1, made + 1, missed);
        });
    }

    /** The data of a broadcast of this namespace for the session, with the entry id appended; else null. */
    private JsonNode missedPacket(SessionToPersist state, StreamMessage<String, byte[]> entry) {
        Map<String, byte[]> fields = entry.getBody();
        if (!host().name().equals(StreamsWire.nspOf(fields)) || !StreamsWire.isBroadcast(fields)) {
            return null;
        }
        try {
            TypedClusterMessage message = StreamsWire.decodeTyped(fields);
            if (!(message.payload() instanceof ClusterPayload.Broadcast broadcast)
                    || !StreamsWire.isFor(state.rooms(), broadcast.opts())) {
                return null;
            }
            // the arguments are this decoding's own tree: appending the offset changes nothing else
            ArrayNode args = (ArrayNode) broadcast.packet().data();
            args.add(entry.getId());
            return args;
        } catch (RuntimeException e) {
            log.debug(
                    "[{}] skipped malformed stream entry {} while restoring a session: {}",
                    uid(),
                    entry.getId(),
                    e.toString());
            return null;
        }
    }
}
