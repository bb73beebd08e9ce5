package dev.sockeye.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Engine.IO server's options, immutable; each defaults to the Node.js engine.io 6.6 value.
 *
 * <pre>{@code
 * EngineOptions options = EngineOptions.builder()
 *         .pingInterval(Duration.ofSeconds(10))
 *         .cors(CorsOptions.origins(List.of("https://example.com")).withCredentials(true))
 *         .build();
 * }</pre>
 */
public final class EngineOptions {
    /** The default of {@link Builder#maxOutboundBufferSize}: 8 MiB. */
    public static final long DEFAULT_MAX_OUTBOUND_BUFFER_SIZE = 8L * 1024 * 1024;

    /** The two transports, in Node's order. */
    public static final String POLLING = "polling";
    /** The WebSocket transport's name. */
    public static final String WEBSOCKET = "websocket";

    private final String path;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration upgradeTimeout;
    private final long maxHttpBufferSize;
    private final long maxOutboundBufferSize;
    private final List<String> transports;
    private final boolean allowUpgrades;
    private final AllowRequest allowRequest;
    private final CorsOptions cors;
    private final CookieOptions cookie;
    private final boolean httpCompression;
    private final int httpCompressionThreshold;
    private final boolean perMessageDeflate;
    private final int perMessageDeflateThreshold;
    private final boolean addTrailingSlash;
    private final boolean allowEIO3;
    private final EngineMessage initialPacket;
    private final IdGenerator idGenerator;
    private final int maxConnections;

    private EngineOptions(Builder b) {
        this.path = b.path;
        this.pingInterval = b.pingInterval;
        this.pingTimeout = b.pingTimeout;
        this.upgradeTimeout = b.upgradeTimeout;
        this.maxHttpBufferSize = b.maxHttpBufferSize;
        this.maxOutboundBufferSize = b.maxOutboundBufferSize;
        this.transports = List.copyOf(b.transports);
        this.allowUpgrades = b.allowUpgrades;
        this.allowRequest = b.allowRequest;
        this.cors = b.cors;
        this.cookie = b.cookie;
        this.httpCompression = b.httpCompression;
        this.httpCompressionThreshold = b.httpCompressionThreshold;
        this.perMessageDeflate = b.perMessageDeflate;
        this.perMessageDeflateThreshold = b.perMessageDeflateThreshold;
        this.addTrailingSlash = b.addTrailingSlash;
        this.allowEIO3 = b.allowEIO3;
        this.initialPacket = b.initialPacket;
        this.idGenerator = b.idGenerator != null ? b.idGenerator : IdGenerator.secureRandom();
        this.maxConnections = b.maxConnections;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.upgradeTimeout = upgradeTimeout;
        b.maxHttpBufferSize = maxHttpBufferSize;
        b.maxOutboundBufferSize = maxOutboundBufferSize;
        b.transports = transports;
        b.allowUpgrades = allowUpgrades;
        b.allowRequest = allowRequest;
        b.cors = cors;
        b.cookie = cookie;
        b.httpCompression = httpCompression;
        b.httpCompressionThreshold = httpCompressionThreshold;
        b.perMessageDeflate = perMessageDeflate;
        b.perMessageDeflateThreshold = perMessageDeflateThreshold;
        b.addTrailingSlash = addTrailingSlash;
        b.allowEIO3 = allowEIO3;
        b.initialPacket = initialPacket;
        b.idGenerator = idGenerator;
        b.maxConnections = maxConnections;
        return b;
    }

    /** The path the engine answers under, without trailing slash; see {@link Builder#path}. */
    public String path() {
        return path;
    }

    /** See {@link Builder#pingInterval}. */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** See {@link Builder#pingTimeout}. */
    public Duration pingTimeout() {
        return pingTimeout;
    }

    /** See {@link Builder#upgradeTimeout}. */
    public Duration upgradeTimeout() {
        return upgradeTimeout;
    }

    /** See {@link Builder#maxHttpBufferSize}. */
    public long maxHttpBufferSize() {
        return maxHttpBufferSize;
    }

    /** See {@link Builder#maxOutboundBufferSize}. */
    public long maxOutboundBufferSize() {
        return maxOutboundBufferSize;
    }

    /** See {@link Builder#transports}. */
    public List<String> transports() {
        return transports;
    }

    /** See {@link Builder#allowUpgrades}. */
    public boolean allowUpgrades() {
        return allowUpgrades;
    }

    /** See {@link Builder#allowRequest}; {@code null} when every request is allowed. */
    public AllowRequest allowRequest() {
        return allowRequest;
    }

    /** See {@link Builder#cors}; {@code null} when off. */
    public CorsOptions cors() {
        return cors;
    }

    /** See {@link Builder#cookie}; {@code null} when off. */
    public CookieOptions cookie() {
        return cookie;
    }

    /** See {@link Builder#httpCompression}. */
    public boolean httpCompression() {
        return httpCompression;
    }

    /** See {@link Builder#httpCompression}. */
    public int httpCompressionThreshold() {
        return httpCompressionThreshold;
    }

    /** See {@link Builder#perMessageDeflate}. */
    public boolean perMessageDeflate() {
        return perMessageDeflate;
    }

    /** See {@link Builder#perMessageDeflate}. */
    public int perMessageDeflateThreshold() {
        return perMessageDeflateThreshold;
    }

    /** See {@link Builder#addTrailingSlash}. */
    public boolean addTrailingSlash() {
        return addTrailingSlash;
    }

    /** See {@link Builder#allowEIO3}. */
    public boolean allowEIO3() {
        return allowEIO3;
    }

    /** See {@link Builder#initialPacket}; {@code null} when none. */
    public EngineMessage initialPacket() {
        return initialPacket;
    }

    /** See {@link Builder#idGenerator}. */
    public IdGenerator idGenerator() {
        return idGenerator;
    }

    /** See {@link Builder#maxConnections}; 0 means no limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Builds {@link EngineOptions}. */
    public static final class Builder {
        private String path = "/engine.io";
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private Duration upgradeTimeout = Duration.ofSeconds(10);
        private long maxHttpBufferSize = 1_000_000;
        private long maxOutboundBufferSize = DEFAULT_MAX_OUTBOUND_BUFFER_SIZE;
        private List<String> transports = List.of(POLLING, WEBSOCKET);
        private boolean allowUpgrades = true;
        private AllowRequest allowRequest;
        private CorsOptions cors;
        private CookieOptions cookie;
        private boolean httpCompression = true;
        private int httpCompressionThreshold = 1024;
        private boolean perMessageDeflate;
        private int perMessageDeflateThreshold = 1024;
        private boolean addTrailingSlash = true;
        private boolean allowEIO3;
        private EngineMessage initialPacket;
        private IdGenerator idGenerator;
        private int maxConnections;

        private Builder() {}

        /**
         * The path the engine answers under. Defaults to {@code /engine.io} (the Socket.IO server
         * uses {@code /socket.io}); a trailing slash is ignored here and governed by {@link #addTrailingSlash}.
         */
        public Builder path(String value) {
            String p = Objects.requireNonNull(value, "path");
            while (p.length() > 1 && p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            this.path = p.startsWith("/") ? p : "/" + p;
            return this;
        }

        /** How often the server pings each client. Defaults to 25 seconds. */
        public Builder pingInterval(Duration value) {
            this.pingInterval = positive(value, "pingInterval");
            return this;
        }

        /**
         * How long after a ping is queued the server waits for the pong before closing the session
         * with {@code ping timeout}. Defaults to 20 seconds.
         */
        public Builder pingTimeout(Duration value) {
            this.pingTimeout = positive(value, "pingTimeout");
            return this;
        }

        /** How long an upgrade may take before the new transport is closed. Defaults to 10 seconds. */
        public Builder upgradeTimeout(Duration value) {
            this.upgradeTimeout = positive(value, "upgradeTimeout");
            return this;
        }

        /**
         * The largest message or polling body accepted, in bytes: a larger POST gets HTTP 413, a
         * larger WebSocket message closes the connection with 1009. Advertised to clients as
         * {@code maxPayload}. Defaults to 1 000 000.
         */
        public Builder maxHttpBufferSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxHttpBufferSize must be positive");
            }
            this.maxHttpBufferSize = bytes;
            return this;
        }

        /**
         * The outbound budget of one client, in bytes: how much sent to it may wait, not yet taken by its polls
         * (long-polling) or not yet written to its TCP connection (WebSocket). A message that would take a client
         * past it is not queued; the session closes with reason {@code "transport error"}
         * ({@link CloseReason#TRANSPORT_ERROR}, described as {@link CloseReason#OUTBOUND_BUFFER_FULL}), everything
         * queued for it is dropped (a WebSocket is closed at once, without waiting for a close frame to be written),
         * and a warning is logged once for that session. Volatile messages never count against it: they are dropped
         * as soon as anything is waiting. One message larger than the budget still goes to a client that has nothing
         * waiting. A message counts with its length in the WebSocket frame (header included), or in the polling
         * payload (a character as one byte, binary as its base64). Defaults to 8 MiB (8 388 608).
         */
        public Builder maxOutboundBufferSize(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxOutboundBufferSize must be positive");
            }
            this.maxOutboundBufferSize = bytes;
            return this;
        }

        /** The transports accepted, from {@code polling} and {@code websocket}. Defaults to both. */
        public Builder transports(List<String> value) {
            if (value.isEmpty() || !List.of(POLLING, WEBSOCKET).containsAll(value)) {
                throw new IllegalArgumentException(
                        "transports must be a non-empty subset of [polling, websocket]: " + value);
            }
            this.transports = List.copyOf(value);
            return this;
        }

        /** Whether polling clients may upgrade to WebSocket. Defaults to true. */
        public Builder allowUpgrades(boolean value) {
            this.allowUpgrades = value;
            return this;
        }

        /** A check run on every handshake and upgrade request. Defaults to none (all allowed). */
        public Builder allowRequest(AllowRequest value) {
            this.allowRequest = value;
            return this;
        }

        /** CORS for the polling transport. Defaults to off: no CORS headers at all. */
        public Builder cors(CorsOptions value) {
            this.cors = value;
            return this;
        }

        /** The sticky-session cookie on the handshake response. Defaults to off. */
        public Builder cookie(CookieOptions value) {
            this.cookie = value;
            return this;
        }

        /**
         * gzip/deflate of polling responses, when the client accepts it and the body has at least
         * {@code threshold} bytes. Defaults to on, threshold 1024.
         */
        public Builder httpCompression(boolean enabled, int threshold) {
            this.httpCompression = enabled;
            this.httpCompressionThreshold = threshold;
            return this;
        }

        /**
         * WebSocket permessage-deflate for messages of at least {@code threshold} bytes.
         * Defaults to off (threshold 1024 when turned on).
         */
        public Builder perMessageDeflate(boolean enabled, int threshold) {
            this.perMessageDeflate = enabled;
            this.perMessageDeflateThreshold = threshold;
            return this;
        }

        /** Whether the path also answers with a trailing slash ({@code /engine.io/}). Defaults to true. */
        public Builder addTrailingSlash(boolean value) {
            this.addTrailingSlash = value;
            return this;
        }

        /**
         * Whether Engine.IO protocol v3 clients (engine.io-client 3.x, the transport of Socket.IO v2 clients)
         * are accepted, as Node's option of that name: length-prefixed polling payloads, binary payloads and
         * type-prefixed binary frames (base64 for clients sending {@code b64}), heartbeats started by the client
         * (the server answers its pings and closes a session that has not pinged for a ping interval plus a ping
         * timeout). {@link EngineSocket#protocol()} says which revision a client speaks. When on, a request
         * without {@code EIO=4} is read as v3, as Node does; when off, it is refused with code 5
         * ({@code Unsupported protocol version}). Defaults to false.
         */
        public Builder allowEIO3(boolean value) {
            this.allowEIO3 = value;
            return this;
        }

        /** A message sent right after the open packet of every session. Defaults to none. */
        public Builder initialPacket(EngineMessage value) {
            this.initialPacket = value;
            return this;
        }

        /** The session id generator. Defaults to {@link IdGenerator#secureRandom()}. */
        public Builder idGenerator(IdGenerator value) {
            this.idGenerator = Objects.requireNonNull(value, "idGenerator");
            return this;
        }

        /**
         * The most sessions open at once; further handshakes get HTTP 403 code 4. Defaults to 0,
         * no limit (as Node's released engine.io).
         */
        public Builder maxConnections(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxConnections must be >= 0");
            }
            this.maxConnections = value;
            return this;
        }

        /** The options. */
        public EngineOptions build() {
            return new EngineOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return d;
        }
    }
}
