package dev.sockeye.micrometer;

import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.engine.ConnectionError;
import dev.sockeye.engine.EnginePacket;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Turns what a server reports (its {@link SocketIoObserver} calls and its engine's listeners) into
 * meters of one registry. Meters are made on first use and cached, so the reporting threads look
 * them up in a map at most; {@link #close()} stops recording and removes every meter made here.
 */
final class MeterRecorder implements SocketIoObserver {
    /** The namespace tag of a CONNECT to a namespace that does not exist (its name is the client's choice). */
    static final String UNKNOWN_NAMESPACE = "unknown";

    private final MeterRegistry registry;
    private final EventNameTags events;
    private final List<Meter> made = new ArrayList<>();
    private final Map<String, NamespaceMeters> namespaces = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> handshakeErrors = new ConcurrentHashMap<>();
    private final Map<String, Counter> adapterCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> adapterRequests = new ConcurrentHashMap<>();
    private final Counter packetsIn;
    private final Counter packetsOut;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final AtomicLong queued = new AtomicLong();
    private final Timer queueWait;
    private final Timer handlerDuration;
    private final Counter handlerDropped;
    private volatile boolean closed;

    MeterRecorder(MeterRegistry registry, EventNameTags events) {
        this.registry = registry;
        this.events = events;
        this.packetsIn = counter(Counter.builder("socketio.packets")
                .tag("direction", "in")
                .description("Engine.IO packets by direction (heartbeats included)"));
        this.packetsOut = counter(Counter.builder("socketio.packets")
                .tag("direction", "out")
                .description("Engine.IO packets by direction (heartbeats included)"));
        this.bytesIn = counter(Counter.builder("socketio.bytes")
                .tag("direction", "in")
                .baseUnit("bytes")
                .description("Payload bytes of the Engine.IO packets (UTF-8 text or binary length)"));
        this.bytesOut = counter(Counter.builder("socketio.bytes")
                .tag("direction", "out")
                .baseUnit("bytes")
                .description("Payload bytes of the Engine.IO packets (UTF-8 text or binary length)"));
        remember(Gauge.builder("socketio.handler.queue.depth", queued, AtomicLong::get)
                .description("Tasks (handlers, middlewares, ack callbacks) queued and not yet run")
                .register(registry));
        this.queueWait = remember(Timer.builder("socketio.handler.queue.wait")
                .description("Time a task waited in its socket's queue before running")
                .register(registry));
        this.handlerDuration = remember(Timer.builder("socketio.handler.duration")
                .description("Time a task (handler, middleware, ack callback) ran")
                .register(registry));
        this.handlerDropped = counter(Counter.builder("socketio.handler.dropped")
                .description("Tasks dropped because the handler executor refused them"));
    }

    /** Registers the engine-level meters: connections by transport, packets, bytes, handshake errors. */
    void watch(EngineServer engine) {
        for (String transport : List.of("polling", "websocket")) {
            remember(Gauge.builder("socketio.connections", engine, e -> countTransport(e, transport))
                    .tag("transport", transport)
                    .description("Open Engine.IO connections")
                    .register(registry));
        }
        engine.onConnectionError(this::onHandshakeError);
        engine.onConnection(this::onEngineConnection);
    }

    /** Registers the socket gauge of a namespace that exists before any socket connects to it. */
    void watch(Namespace namespace) {
        meters(namespace.name()).watchSockets(namespace);
    }

    private static double countTransport(EngineServer engine, String transport) {
        int count = 0;
        for (EngineSocket socket : engine.clients().values()) {
            if (transport.equals(socket.transport())) {
                count++;
            }
        }
        return count;
    }

    private void onHandshakeError(ConnectionError error) {
        if (closed) {
            return;
        }
        handshakeErrors
                .computeIfAbsent(
                        error.code(),
                        code -> counter(Counter.builder("socketio.handshake.errors")
                                .tag("code", Integer.toString(code))
                                .description("Engine.IO requests refused (the connection_error codes)")))
                .increment();
    }

    private void onEngineConnection(EngineSocket conn) {
        if (closed) {
            return;
        }
        conn.onPacket(packet -> {
            if (!closed) {
                packetsIn.increment();
                bytesIn.increment(length(packet));
            }
        });
        conn.onPacketCreate(packet -> {
            if (!closed) {
                packetsOut.increment();
                bytesOut.increment(length(packet));
            }
        });
    }

    /** The payload size of a packet: the UTF-8 length of its text or the length of its binary data. */
    static long length(EnginePacket packet) {
        if (packet.binary() != null) {
            return packet.binary().length;
        }
        String text = packet.text();
        return text == null ? 0 : utf8Length(text);
    }

    static long utf8Length(String text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    // ---- SocketIoObserver

    @Override
    public void onSocketConnect(Socket socket) {
        NamespaceMeters nsp = meters(socket.nsp().name());
        nsp.watchSockets(socket.nsp());
        nsp.connects.increment();
    }

    @Override
    public void onConnectRefused(String namespace, ConnectRefusal refusal) {
        String name = refusal == ConnectRefusal.INVALID_NAMESPACE ? UNKNOWN_NAMESPACE : namespace;
        meters(name).refused(refusal).increment();
    }

    @Override
    public void onSocketDisconnect(Socket socket, DisconnectReason reason) {
        meters(socket.nsp().name()).disconnects(reason.wire()).increment();
    }

    @Override
    public void onEventReceived(Socket socket, String event) {
        meters(socket.nsp().name()).eventsIn.count(event).increment();
    }

    @Override
    public void onEventSent(Socket socket, String event) {
        meters(socket.nsp().name()).eventsOut.count(event).increment();
    }

    @Override
    public void onBroadcast(String namespace, String event) {
        meters(namespace).broadcasts.count(event).increment();
    }

    @Override
    public void onBroadcastDelivered(String namespace, int recipients) {
        meters(namespace).deliveries.increment(recipients);
    }

    @Override
    public void onAck(String namespace, long elapsedNanos) {
        meters(namespace).acks.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onAckTimeout(String namespace) {
        meters(namespace).ackTimeouts.increment();
    }

    @Override
    public void onTaskQueued() {
        queued.incrementAndGet();
    }

    @Override
    public void onTaskRun(long waitNanos, long runNanos) {
        queued.decrementAndGet();
        queueWait.record(waitNanos, TimeUnit.NANOSECONDS);
        handlerDuration.record(runNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onTaskDropped() {
        queued.decrementAndGet();
        handlerDropped.increment();
    }

    @Override
    public void onClusterPublish(String namespace, MessageType type) {
        adapterCounter(
                        "socketio.adapter.publishes",
                        namespace,
                        "type",
                        typeTag(type),
                        "Messages a cluster adapter published")
                .increment();
    }

    @Override
    public void onClusterPublishError(String namespace, MessageType type, Throwable error) {
        adapterCounter(
                        "socketio.adapter.errors",
                        namespace,
                        "operation",
                        "publish",
                        "Cluster messages that could not be published or were received malformed")
                .increment();
    }

    @Override
    public void onClusterReceive(String namespace, MessageType type) {
        adapterCounter(
                        "socketio.adapter.receives",
                        namespace,
                        "type",
                        typeTag(type),
                        "Messages a cluster adapter received from other servers")
                .increment();
    }

    @Override
    public void onClusterReceiveError(String namespace, Throwable error) {
        adapterCounter(
                        "socketio.adapter.errors",
                        namespace,
                        "operation",
                        "receive",
                        "Cluster messages that could not be published or were received malformed")
                .increment();
    }

    @Override
    public void onClusterRequest(String namespace, MessageType type, long elapsedNanos, boolean timedOut) {
        String outcome = timedOut ? "timeout" : "success";
        adapterRequests
                .computeIfAbsent(
                        namespace + '\u0000' + type + '\u0000' + outcome,
                        key -> remember(Timer.builder("socketio.adapter.requests")
                                .tags("namespace", namespace, "type", typeTag(type), "outcome", outcome)
                                .description(
                                        "Requests to the other servers (fetchSockets, serverSideEmitWithAck), until every answer or the timeout")
                                .register(registry)))
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    private Counter adapterCounter(String name, String namespace, String key, String value, String description) {
        return adapterCounters.computeIfAbsent(
                name + '\u0000' + namespace + '\u0000' + value,
                k -> counter(Counter.builder(name)
                        .tags("namespace", namespace, key, value)
                        .description(description)));
    }

    private static String typeTag(MessageType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    // ---- meters

    private NamespaceMeters meters(String namespace) {
        NamespaceMeters meters = namespaces.get(namespace);
        return meters != null ? meters : namespaces.computeIfAbsent(namespace, NamespaceMeters::new);
    }

    private Counter counter(Counter.Builder builder) {
        return remember(builder.register(registry));
    }

    private <M extends Meter> M remember(M meter) {
        synchronized (made) {
            made.add(meter);
        }
        return meter;
    }

    /** Stops recording and removes every meter this recorder registered. */
    void close() {
        closed = true;
        synchronized (made) {
            for (Meter meter : made) {
                registry.remove(meter);
            }
            made.clear();
        }
    }

    /** The meters of one namespace. */
    private final class NamespaceMeters {
        final String name;
        final Counter connects;
        final Map<ConnectRefusal, Counter> refusals = new ConcurrentHashMap<>();
        final Map<String, Counter> disconnects = new ConcurrentHashMap<>();
        final EventCounters eventsIn;
        final EventCounters eventsOut;
        final EventCounters broadcasts;
        final Counter deliveries;
        final Timer acks;
        final Counter ackTimeouts;
        private boolean socketsWatched;

        NamespaceMeters(String name) {
            this.name = name;
            this.connects = connectCounter("accepted");
            this.eventsIn = new EventCounters(
                    event -> Counter.builder("socketio.events")
                            .tags("namespace", name, "direction", "in")
                            .description("Events received from clients"),
                    events);
            this.eventsOut = new EventCounters(
                    event -> Counter.builder("socketio.events")
                            .tags("namespace", name, "direction", "out")
                            .description(
                                    "Events emitted to one socket (broadcasts are counted by socketio.broadcasts)"),
                    events);
            this.broadcasts = new EventCounters(
                    event -> Counter.builder("socketio.broadcasts")
                            .tags("namespace", name)
                            .description("Broadcasts started on this server"),
                    events);
            this.deliveries = counter(
                    Counter.builder("socketio.broadcast.deliveries")
                            .tag("namespace", name)
                            .description(
                                    "Packets written to this server's sockets by broadcasts (from this server or the cluster)"));
            this.acks = remember(Timer.builder("socketio.acks")
                    .tag("namespace", name)
                    .description("Time from an emit with an acknowledgement to the client's answer")
                    .register(registry));
            this.ackTimeouts = counter(Counter.builder("socketio.ack.timeouts")
                    .tag("namespace", name)
                    .description("Emits whose acknowledgement did not arrive within their timeout"));
        }

        private Counter connectCounter(String result) {
            return counter(
                    Counter.builder("socketio.connects")
                            .tags("namespace", name, "result", result)
                            .description(
                                    "Namespace CONNECTs by result: accepted, refused (middleware), error (middleware failed), invalid_namespace"));
        }

        Counter refused(ConnectRefusal refusal) {
            return refusals.computeIfAbsent(
                    refusal,
                    r -> connectCounter(
                            switch (r) {
                                case MIDDLEWARE -> "refused";
                                case SERVER_ERROR -> "error";
                                case INVALID_NAMESPACE -> "invalid_namespace";
                            }));
        }

        Counter disconnects(String reason) {
            return disconnects.computeIfAbsent(
                    reason,
                    r -> counter(Counter.builder("socketio.disconnects")
                            .tags("namespace", name, "reason", r)
                            .description("Sockets that disconnected, by reason")));
        }

        synchronized void watchSockets(Namespace namespace) {
            if (!socketsWatched) {
                socketsWatched = true;
                // weakly held, as Micrometer's gauges are: a removed dynamic namespace is not kept alive
                remember(Gauge.builder(
                                "socketio.sockets", namespace, n -> n.sockets().size())
                        .tag("namespace", name)
                        .description("Sockets connected to the namespace on this server")
                        .register(registry));
            }
        }
    }

    /** One counter, or one per event name (bounded by the guard) when the event tag is on. */
    private final class EventCounters {
        private final Function<String, Counter.Builder> builder;
        private final EventNameTags guard;
        private final Counter untagged;
        private final Map<String, Counter> byEvent = new ConcurrentHashMap<>();

        EventCounters(Function<String, Counter.Builder> builder, EventNameTags guard) {
            this.builder = builder;
            this.guard = guard;
            this.untagged = guard.enabled() ? null : counter(builder.apply(null));
        }

        Counter count(String event) {
            if (untagged != null) {
                return untagged;
            }
            String tag = guard.tag(event);
            Counter counter = byEvent.get(tag);
            return counter != null
                    ? counter
                    : byEvent.computeIfAbsent(tag, t -> counter(builder.apply(t).tag("event", t)));
        }
    }
}
