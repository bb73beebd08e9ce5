package dev.sockeye.server;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.core.parser.Parser;
import dev.sockeye.engine.EngineOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@link SocketIoServer}'s options, immutable; see {@link SocketIoServer.Builder} for each one's
 * meaning and default. Unset parser, mapper, executor and adapter are {@code null} here: the server
 * then uses its defaults.
 */
public final class SocketIoOptions {
    private final String path;
    private final Duration connectTimeout;
    private final EngineOptions engineOptions;
    private final Parser parser;
    private final ObjectMapper jsonMapper;
    private final Executor handlerExecutor;
    private final Duration slowHandlerThreshold;
    private final boolean cleanupEmptyChildNamespaces;
    private final int maxChildNamespaces;
    private final boolean serveClient;
    private final AdapterFactory adapter;
    private final ConnectionStateRecovery connectionStateRecovery;

    SocketIoOptions(SocketIoServer.Builder b) {
        this.path = b.path;
        this.connectTimeout = b.connectTimeout;
        this.engineOptions = b.engine.path(b.path).build();
        this.parser = b.parser;
        this.jsonMapper = b.jsonMapper;
        this.handlerExecutor = b.handlerExecutor;
        this.slowHandlerThreshold = b.slowHandlerThreshold;
        this.cleanupEmptyChildNamespaces = b.cleanupEmptyChildNamespaces;
        this.maxChildNamespaces = b.maxChildNamespaces;
        this.serveClient = b.serveClient;
        this.adapter = b.adapter;
        this.connectionStateRecovery = b.connectionStateRecovery;
    }

    /** See {@link SocketIoServer.Builder#path}. */
    public String path() {
        return path;
    }

    /** See {@link SocketIoServer.Builder#connectTimeout}. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The engine options, their path set to {@link #path()}. */
    public EngineOptions engineOptions() {
        return engineOptions;
    }

    /** See {@link SocketIoServer.Builder#parser}; {@code null} for the default. */
    public Parser parser() {
        return parser;
    }

    /** See {@link SocketIoServer.Builder#jsonMapper}; {@code null} for the default. */
    public ObjectMapper jsonMapper() {
        return jsonMapper;
    }

    /** See {@link SocketIoServer.Builder#handlerExecutor}; {@code null} for the default. */
    public Executor handlerExecutor() {
        return handlerExecutor;
    }

    /** See {@link SocketIoServer.Builder#slowHandlerThreshold}. */
    public Duration slowHandlerThreshold() {
        return slowHandlerThreshold;
    }

    /** See {@link SocketIoServer.Builder#maxChildNamespaces}. */
    public int maxChildNamespaces() {
        return maxChildNamespaces;
    }

    /** See {@link SocketIoServer.Builder#cleanupEmptyChildNamespaces}. */
    public boolean cleanupEmptyChildNamespaces() {
        return cleanupEmptyChildNamespaces;
    }

    /** See {@link SocketIoServer.Builder#serveClient}. */
    public boolean serveClient() {
        return serveClient;
    }

    /**
     * See {@link SocketIoServer.Builder#adapter}; {@code null} for the default, which each server
     * makes for itself: {@code InMemoryAdapter}, or with recovery on a {@code SessionAwareAdapter}
     * over an {@code InMemorySessionStore} of its own.
     */
    public AdapterFactory adapter() {
        return adapter;
    }

    /** See {@link SocketIoServer.Builder#connectionStateRecovery}; empty when recovery is off. */
    public Optional<ConnectionStateRecovery> connectionStateRecovery() {
        return Optional.ofNullable(connectionStateRecovery);
    }

    /** A builder starting from these options. */
    public SocketIoServer.Builder toBuilder() {
        SocketIoServer.Builder b = SocketIoServer.builder();
        b.path = path;
        b.connectTimeout = connectTimeout;
        b.engine = engineOptions.toBuilder();
        b.parser = parser;
        b.jsonMapper = jsonMapper;
        b.handlerExecutor = handlerExecutor;
        b.slowHandlerThreshold = slowHandlerThreshold;
        b.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
        b.maxChildNamespaces = maxChildNamespaces;
        b.serveClient = serveClient;
        b.adapter = adapter;
        b.connectionStateRecovery = connectionStateRecovery;
        return b;
    }
}
