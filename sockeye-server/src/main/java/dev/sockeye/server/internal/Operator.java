package dev.sockeye.server.internal;

import dev.sockeye.core.Packet;
import dev.sockeye.core.adapter.BroadcastOptions;
import dev.sockeye.core.adapter.FetchedSocket;
import dev.sockeye.core.adapter.SocketDetails;
import dev.sockeye.core.parser.PacketData;
import dev.sockeye.server.AckTimeoutException;
import dev.sockeye.server.BroadcastAckCallback;
import dev.sockeye.server.BroadcastOperator;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.TypeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;

/** The immutable {@link BroadcastOperator}: a namespace plus {@link BroadcastOptions}. */
final class Operator implements BroadcastOperator {
    private static final Logger log = LoggerFactory.getLogger(Operator.class);

    private final NamespaceImpl nsp;
    private final BroadcastOptions opts;

    Operator(NamespaceImpl nsp, BroadcastOptions opts) {
        this.nsp = nsp;
        this.opts = opts;
    }

    BroadcastOptions options() {
        return opts;
    }

    @Override
    public BroadcastOperator to(String room) {
        return new Operator(nsp, opts.to(room));
    }

    @Override
    public BroadcastOperator to(Collection<String> rooms) {
        return new Operator(nsp, opts.to(rooms));
    }

    @Override
    public BroadcastOperator except(String room) {
        return new Operator(nsp, opts.except(room));
    }

    @Override
    public BroadcastOperator except(Collection<String> rooms) {
        return new Operator(nsp, opts.except(rooms));
    }

    @Override
    public BroadcastOperator local() {
        return new Operator(nsp, opts.withLocal(true));
    }

    @Override
    public BroadcastOperator asVolatile() {
        return new Operator(nsp, opts.withVolatile(true));
    }

    @Override
    public BroadcastOperator compress(boolean compress) {
        return new Operator(nsp, opts.withCompress(compress));
    }

    @Override
    public BroadcastOperator timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive: " + timeout);
        }
        return new Operator(nsp, opts.withTimeout(timeout));
    }

    /** For remote sockets: one answer expected. */
    Operator expectSingleResponse() {
        return new Operator(nsp, opts.withExpectSingleResponse(true));
    }

    @Override
    public boolean emit(String event, Object... args) {
        BroadcastAckCallback ack = EmitArgs.trailingAck(args, BroadcastAckCallback.class);
        if (ack != null) {
            return emit(event, ack, EmitArgs.withoutLast(args));
        }
        Reserved.checkEmit(event);
        nsp.observers().current().onBroadcast(nsp.name(), event);
        return nsp.broadcast(Packet.event(nsp.name(), PacketData.eventData(nsp.mapper(), event, args)), opts);
    }

    @Override
    public boolean emit(String event, BroadcastAckCallback ack, Object... args) {
        Reserved.checkEmit(event);
        EmitArgs.checkValues(args, BroadcastAckCallback.class);
        if (opts.timeout() == null) {
            // Node arms setTimeout(undefined), which fires at once; its docs call timeout() mandatory here
            throw new IllegalStateException(
                    "a broadcast with an acknowledgement needs a timeout: call timeout(Duration) "
                            + "first, e.g. io.timeout(Duration.ofSeconds(5)).emitWithAck(...); without one, a client that "
                            + "never answers would keep it waiting forever");
        }
        Packet packet = Packet.event(nsp.name(), PacketData.eventData(nsp.mapper(), event, args));
        nsp.observers().current().onBroadcast(nsp.name(), event);
        Collector collector = new Collector(ack);
        collector.timer =
                Shared.timers().schedule(collector::onTimeout, opts.timeout().toNanos(), TimeUnit.NANOSECONDS);
        nsp.broadcastWithAck(packet, opts, collector::onClientCount, collector::onResponse);
        if (opts.local()) {
            // only this server reports a client count; waiting for the whole cluster (as Node does) never completes
            collector.onServerCount(1, null);
        } else {
            nsp.serverCount().whenComplete(collector::onServerCount);
        }
        return true;
    }

    @Override
    public <T> CompletableFuture<List<T>> emitWithAck(String event, Class<T> responseType, Object... args) {
        return emitWithAck(event, response -> nsp.mapper().treeToValue(response, responseType), args);
    }

    @Override
    public <T> CompletableFuture<List<T>> emitWithAck(String event, TypeRef<T> responseType, Object... args) {
        JavaType type = nsp.mapper().constructType(responseType.type());
        return emitWithAck(event, response -> nsp.mapper().<T>treeToValue(response, type), args);
    }

    private <T> CompletableFuture<List<T>> emitWithAck(String event, Function<JsonNode, T> bind, Object[] args) {
        CompletableFuture<List<T>> future = new CompletableFuture<>();
        emit(event, AckResponses.completing(future, bind), args);
        return future;
    }

    @Override
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return nsp.fetchSockets(opts).thenApply(fetched -> {
            List<RemoteSocket> sockets = new ArrayList<>(fetched.size());
            for (FetchedSocket socket : fetched) {
                if (socket instanceof FetchedSocket.Local local && local.socket() instanceof SocketImpl own) {
                    sockets.add(own);
                } else if (socket instanceof SocketDetails details) {
                    sockets.add(RemoteSocketImpl.of(nsp, details));
                }
            }
            return sockets;
        });
    }

    @Override
    public void socketsJoin(Collection<String> rooms) {
        nsp.addSockets(opts, List.copyOf(rooms));
    }

    @Override
    public void socketsLeave(Collection<String> rooms) {
        nsp.delSockets(opts, List.copyOf(rooms));
    }

    @Override
    public void disconnectSockets(boolean close) {
        nsp.disconnectSockets(opts, close);
    }

    @Override
    @Deprecated
    public CompletableFuture<Set<String>> allSockets() {
        return nsp.allSockets(opts);
    }

    /**
     * Counts the acknowledgements of one broadcast: complete when every node reported how many
     * clients it reached and that many answers arrived (Node's {@code checkCompleteness}).
     */
    private final class Collector {
        private final BroadcastAckCallback callback;
        private final List<JsonNode> responses = new ArrayList<>();
        private int expectedServers = -1;
        private int reportedServers;
        private int expectedClients;
        private boolean done;
        volatile ScheduledFuture<?> timer;

        Collector(BroadcastAckCallback callback) {
            this.callback = callback;
        }

        synchronized void onClientCount(int count) {
            expectedClients += count;
            reportedServers++;
            check();
        }

        synchronized void onResponse(JsonNode response) {
            if (!done) {
                responses.add(response);
                check();
            }
        }

        synchronized void onServerCount(Integer count, Throwable error) {
            if (error != null) {
                log.warn("broadcast with ack on {}: server count failed", nsp.name(), error);
                finish(new AckTimeoutException(responses));
                return;
            }
            expectedServers = count;
            check();
        }

        synchronized void onTimeout() {
            finish(new AckTimeoutException(responses));
        }

        private void check() {
            if (!done && expectedServers == reportedServers && responses.size() == expectedClients) {
                finish(null);
            }
        }

        private void finish(Throwable error) {
            if (done) {
                return;
            }
            done = true;
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            List<JsonNode> result = List.copyOf(responses);
            nsp.executor().execute(() -> {
                try {
                    callback.onAck(error, result);
                } catch (Exception e) {
                    log.warn("broadcast ack callback on {} failed", nsp.name(), e);
                }
            });
        }
    }
}
