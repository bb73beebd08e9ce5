package dev.sockeye.micrometer;

import dev.sockeye.server.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Micrometer meters for a Sockeye server: connections by transport, sockets by namespace,
 * connects and disconnects, handshake errors, packets and bytes, events, broadcasts and their
 * deliveries, acknowledgement latency and timeouts, handler queues, and the cluster adapter's
 * publishes, receives, errors and requests. The module README lists every meter.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.create();
 * SockeyeMetrics metrics = SockeyeMetrics.bindTo(io, registry);   // or: new SockeyeMetrics(io).bindTo(registry)
 * ...
 * metrics.close();   // stops recording, removes the meters
 * }</pre>
 *
 * <p>Bind before clients connect: the packet and byte counters watch Engine.IO connections
 * opened after binding, and a server that was given its engine with {@link SocketIoServer#bind}
 * must get it before. It installs a {@link dev.sockeye.server.SocketIoObserver}; the server
 * measures nothing while none is installed.
 *
 * <p>Events are not tagged with their name by default: names come from clients, and each would be a
 * time series. {@link Builder#eventNameTags(int)} turns the {@code event} tag on for a bounded
 * number of names.
 */
public final class SockeyeMetrics implements MeterBinder, AutoCloseable {
    private final SocketIoServer io;
    private final int maxEventNames;
    private MeterRecorder recorder;

    /**
     * Meters for {@code io} with the defaults (no {@code event} tag); nothing is recorded until
     * {@link #bindTo(MeterRegistry)}.
     *
     * @param io the server to measure
     */
    public SockeyeMetrics(SocketIoServer io) {
        this(builder(io));
    }

    private SockeyeMetrics(Builder builder) {
        this.io = builder.io;
        this.maxEventNames = builder.maxEventNames;
    }

    /**
     * A builder for meters of {@code io}.
     *
     * @param io the server to measure
     * @return the builder
     */
    public static Builder builder(SocketIoServer io) {
        return new Builder(io);
    }

    /**
     * Measures {@code io} into {@code registry} with the defaults: {@code new SockeyeMetrics(io).bindTo(registry)}.
     *
     * @param io       the server to measure
     * @param registry where the meters go
     * @return the bound metrics, to {@linkplain #close() close} when done
     */
    public static SockeyeMetrics bindTo(SocketIoServer io, MeterRegistry registry) {
        SockeyeMetrics metrics = new SockeyeMetrics(io);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * Registers the meters in {@code registry} and starts recording. One registry per instance (use a
     * {@code CompositeMeterRegistry} for several).
     *
     * @param registry where the meters go
     * @throws IllegalStateException when already bound
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (recorder != null) {
            throw new IllegalStateException("already bound to a registry");
        }
        MeterRecorder created = new MeterRecorder(registry, new EventNameTags(maxEventNames));
        created.watch(io.engine());
        created.watch(io.sockets());
        io.addObserver(created);
        recorder = created;
    }

    /** Stops recording and removes the meters from the registry. Idempotent. */
    @Override
    public synchronized void close() {
        if (recorder != null) {
            io.removeObserver(recorder);
            recorder.close();
        }
    }

    /** Builds {@link SockeyeMetrics}. */
    public static final class Builder {
        private final SocketIoServer io;
        private int maxEventNames;

        private Builder(SocketIoServer io) {
            this.io = Objects.requireNonNull(io, "io");
        }

        /**
         * Tags {@code socketio.events} and {@code socketio.broadcasts} with the event name, for at most
         * {@code maxDistinct} distinct names (the first ones seen); later names are counted under
         * {@code event="other"}. 0 turns the tag off. Defaults to 0: no {@code event} tag.
         *
         * @param maxDistinct the most distinct names, {@code >= 0}
         * @return this builder
         */
        public Builder eventNameTags(int maxDistinct) {
            if (maxDistinct < 0) {
                throw new IllegalArgumentException("maxDistinct must be >= 0: " + maxDistinct);
            }
            this.maxEventNames = maxDistinct;
            return this;
        }

        /**
         * The metrics, not yet bound.
         *
         * @return the metrics
         */
        public SockeyeMetrics build() {
            return new SockeyeMetrics(this);
        }
    }
}
