package dev.sockeye.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sockeye.*} properties of an application ({@code application.yml}); each default is the
 * default of the {@code SocketIoServer.Builder} / {@code EngineOptions.Builder} option of the same name.
 *
 * <pre>{@code
 * sockeye:
 *   ping-interval: 25s
 *   cors:
 *     allowed-origins: https://example.com
 *   adapter: redis
 * }</pre>
 */
@ConfigurationProperties(prefix = "sockeye")
public class SockeyeProperties {

    /** Whether the starter creates and serves a Socket.IO server. */
    private boolean enabled = true;
    /** The path clients connect to; must match the client's "path" option. */
    private String path = "/socket.io";
    /** How long a new connection may stay without joining a namespace before it is closed. */
    private Duration connectTimeout = Duration.ofSeconds(45);
    /** How often the server pings each client. */
    private Duration pingInterval = Duration.ofSeconds(25);
    /** How long the server waits for a pong before closing with "ping timeout". */
    private Duration pingTimeout = Duration.ofSeconds(20);
    /** How long an upgrade to WebSocket may take before the new transport is closed. */
    private Duration upgradeTimeout = Duration.ofSeconds(10);
    /** The largest message accepted, in bytes. */
    private long maxHttpBufferSize = 1_000_000;
    /** The transports accepted, from "polling" and "websocket". */
    private List<String> transports = new ArrayList<>(List.of("polling", "websocket"));
    /** Whether polling clients may upgrade to WebSocket. */
    private boolean allowUpgrades = true;
    /** Whether Socket.IO v2 clients (Engine.IO protocol 3) may connect. */
    private boolean allowEio3;
    /** Whether the path also answers with a trailing slash ("/socket.io/"). */
    private boolean addTrailingSlash = true;
    /** The most Engine.IO sessions open at once (further handshakes get HTTP 403); 0 for no limit. */
    private int maxConnections;
    /** Whether the client bundle is served under {path}/socket.io.js. */
    private boolean serveClient = true;
    /** Whether a dynamic child namespace is removed when its last socket leaves. */
    private boolean cleanupEmptyChildNamespaces;
    /** The most dynamic child namespaces clients may create. */
    private int maxChildNamespaces = 10_000;
    /** Which cluster adapter the server uses. */
    private AdapterType adapter = AdapterType.MEMORY;

    private final HttpCompression httpCompression = new HttpCompression();
    private final PerMessageDeflate perMessageDeflate = new PerMessageDeflate();
    private final Cors cors = new Cors();
    private final Cookie cookie = new Cookie();
    private final ConnectionStateRecovery connectionStateRecovery = new ConnectionStateRecovery();
    private final Netty netty = new Netty();
    private final Redis redis = new Redis();
    private final Postgres postgres = new Postgres();

    /** The cluster adapters the starter can build from the application's own connections. */
    public enum AdapterType {
        /** The in-memory adapter: this server only. */
        MEMORY,
        /** The classic Redis pub/sub adapter on the application's RedisConnectionFactory (Lettuce). */
        REDIS,
        /** The PostgreSQL LISTEN/NOTIFY adapter on the application's DataSource. */
        POSTGRES
    }

    /** gzip/deflate of polling responses. */
    public static class HttpCompression {
        /** Whether polling responses are compressed when the client accepts it. */
        private boolean enabled = true;
        /** The smallest body compressed, in bytes. */
        private int threshold = 1024;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getThreshold() {
            return threshold;
        }

        public void setThreshold(int threshold) {
            this.threshold = threshold;
        }
    }

    /** WebSocket permessage-deflate. */
    public static class PerMessageDeflate {
        /** Whether WebSocket messages are compressed (permessage-deflate). */
        private boolean enabled;
        /** The smallest message compressed, in bytes. */
        private int threshold = 1024;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getThreshold() {
            return threshold;
        }

        public void setThreshold(int threshold) {
            this.threshold = threshold;
        }
    }

    /** Cross-origin requests of the polling transport; off while no origin is allowed. */
    public static class Cors {
        /** The allowed origins, e.g. https://example.com; "*" allows every origin. Empty: CORS off. */
        private List<String> allowedOrigins = new ArrayList<>();
        /** Whether Access-Control-Allow-Credentials: true is sent. */
        private boolean allowCredentials;
        /** The methods allowed in a preflight; empty for GET, HEAD, PUT, PATCH, POST, DELETE. */
        private List<String> allowedMethods = new ArrayList<>();
        /** The allowed request headers; empty reflects Access-Control-Request-Headers. */
        private List<String> allowedHeaders = new ArrayList<>();
        /** The headers exposed to the page. */
        private List<String> exposedHeaders = new ArrayList<>();
        /** How long a preflight answer may be cached; unset for no Access-Control-Max-Age. */
        private Duration maxAge;

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }

        public boolean isAllowCredentials() {
            return allowCredentials;
        }

        public void setAllowCredentials(boolean allowCredentials) {
            this.allowCredentials = allowCredentials;
        }

        public List<String> getAllowedMethods() {
            return allowedMethods;
        }

        public void setAllowedMethods(List<String> allowedMethods) {
            this.allowedMethods = allowedMethods;
        }

        public List<String> getAllowedHeaders() {
            return allowedHeaders;
        }

        public void setAllowedHeaders(List<String> allowedHeaders) {
            this.allowedHeaders = allowedHeaders;
        }

        public List<String> getExposedHeaders() {
            return exposedHeaders;
        }

        public void setExposedHeaders(List<String> exposedHeaders) {
            this.exposedHeaders = exposedHeaders;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }

    /** The sticky-session cookie set on the handshake response (for load balancers). */
    public static class Cookie {
        /** Whether the handshake response sets the cookie. */
        private boolean enabled;
        /** The cookie's name. */
        private String name = "io";
        /** The cookie's Path. */
        private String path = "/";
        /** Whether the cookie is HttpOnly. */
        private boolean httpOnly = true;
        /** The cookie's SameSite value; empty for none. */
        private String sameSite = "Lax";
        /** Whether the cookie is Secure. */
        private boolean secure;
        /** The cookie's Max-Age; unset for a session cookie. */
        private Duration maxAge;
        /** The cookie's Domain; unset for none. */
        private String domain;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public boolean isHttpOnly() {
            return httpOnly;
        }

        public void setHttpOnly(boolean httpOnly) {
            this.httpOnly = httpOnly;
        }

        public String getSameSite() {
            return sameSite;
        }

        public void setSameSite(String sameSite) {
            this.sameSite = sameSite;
        }

        public boolean isSecure() {
            return secure;
        }

        public void setSecure(boolean secure) {
            this.secure = secure;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public String getDomain() {
            return domain;
        }

        public void setDomain(String domain) {
            this.domain = domain;
        }
    }

    /** Connection state recovery (Node's connectionStateRecovery). */
    public static class ConnectionStateRecovery {
        /** Whether a client that comes back in time gets its socket id, rooms, data and missed packets back. */
        private boolean enabled;
        /** How long a disconnected client's session is kept. */
        private Duration maxDisconnectionDuration = Duration.ofMinutes(2);
        /** Whether a recovered client skips the connect middlewares. */
        private boolean skipMiddlewares = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMaxDisconnectionDuration() {
            return maxDisconnectionDuration;
        }

        public void setMaxDisconnectionDuration(Duration maxDisconnectionDuration) {
            this.maxDisconnectionDuration = maxDisconnectionDuration;
        }

        public boolean isSkipMiddlewares() {
            return skipMiddlewares;
        }

        public void setSkipMiddlewares(boolean skipMiddlewares) {
            this.skipMiddlewares = skipMiddlewares;
        }
    }

    /** The dedicated Netty port. */
    public static class Netty {
        /**
         * The port of a dedicated Netty server for Socket.IO (0: any free port). Unset: Socket.IO is served
         * on the application's own servlet port when sockeye-servlet is present, else on port 3000.
         */
        private Integer port;
        /** The address the Netty server binds. */
        private String host = "0.0.0.0";
        /** Netty event-loop threads; 0 for one per core. */
        private int ioThreads;
        /** How long the Netty server keeps serving, unready, before it closes on shutdown. */
        private Duration drainDelay = Duration.ZERO;

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getIoThreads() {
            return ioThreads;
        }

        public void setIoThreads(int ioThreads) {
            this.ioThreads = ioThreads;
        }

        public Duration getDrainDelay() {
            return drainDelay;
        }

        public void setDrainDelay(Duration drainDelay) {
            this.drainDelay = drainDelay;
        }
    }

    /** The classic Redis adapter (sockeye.adapter=redis). */
    public static class Redis {
        /** The channel prefix; servers with the same key on the same Redis form one cluster. */
        private String key = "socket.io";
        /** How long a cluster request (fetchSockets, serverSideEmit with ack) waits for the other servers. */
        private Duration requestsTimeout = Duration.ofSeconds(5);
        /** Whether responses go to a channel of the requesting server only. */
        private boolean publishOnSpecificResponseChannel;

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public Duration getRequestsTimeout() {
            return requestsTimeout;
        }

        public void setRequestsTimeout(Duration requestsTimeout) {
            this.requestsTimeout = requestsTimeout;
        }

        public boolean isPublishOnSpecificResponseChannel() {
            return publishOnSpecificResponseChannel;
        }

        public void setPublishOnSpecificResponseChannel(boolean publishOnSpecificResponseChannel) {
            this.publishOnSpecificResponseChannel = publishOnSpecificResponseChannel;
        }
    }

    /** The PostgreSQL adapter (sockeye.adapter=postgres). */
    public static class Postgres {
        /** The prefix of the notification channels. */
        private String channelPrefix = "socket.io";
        /** The table of payloads too large for a notification. */
        private String tableName = "socket_io_attachments";
        /** Payloads of more bytes go through the table. */
        private int payloadThreshold = 8000;
        /** How often old rows of the table are deleted. */
        private Duration cleanupInterval = Duration.ofSeconds(30);
        /** Whether the table is created when missing. */
        private boolean createTable = true;
        /** How often this server tells the others it is alive. */
        private Duration heartbeatInterval = Duration.ofSeconds(5);
        /** A server silent for longer is considered gone. */
        private Duration heartbeatTimeout = Duration.ofSeconds(10);
        /** How long a cluster request waits for the other servers. */
        private Duration requestsTimeout = Duration.ofSeconds(5);

        public String getChannelPrefix() {
            return channelPrefix;
        }

        public void setChannelPrefix(String channelPrefix) {
            this.channelPrefix = channelPrefix;
        }

        public String getTableName() {
            return tableName;
        }

        public void setTableName(String tableName) {
            this.tableName = tableName;
        }

        public int getPayloadThreshold() {
            return payloadThreshold;
        }

        public void setPayloadThreshold(int payloadThreshold) {
            this.payloadThreshold = payloadThreshold;
        }

        public Duration getCleanupInterval() {
            return cleanupInterval;
        }

        public void setCleanupInterval(Duration cleanupInterval) {
            this.cleanupInterval = cleanupInterval;
        }

        public boolean isCreateTable() {
            return createTable;
        }

        public void setCreateTable(boolean createTable) {
            this.createTable = createTable;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getHeartbeatTimeout() {
            return heartbeatTimeout;
        }

        public void setHeartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = heartbeatTimeout;
        }

        public Duration getRequestsTimeout() {
            return requestsTimeout;
        }

        public void setRequestsTimeout(Duration requestsTimeout) {
            this.requestsTimeout = requestsTimeout;
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getPingInterval() {
        return pingInterval;
    }

    public void setPingInterval(Duration pingInterval) {
        this.pingInterval = pingInterval;
    }

    public Duration getPingTimeout() {
        return pingTimeout;
    }

    public void setPingTimeout(Duration pingTimeout) {
        this.pingTimeout = pingTimeout;
    }

    public Duration getUpgradeTimeout() {
        return upgradeTimeout;
    }

    public void setUpgradeTimeout(Duration upgradeTimeout) {
        this.upgradeTimeout = upgradeTimeout;
    }

    public long getMaxHttpBufferSize() {
        return maxHttpBufferSize;
    }

    public void setMaxHttpBufferSize(long maxHttpBufferSize) {
        this.maxHttpBufferSize = maxHttpBufferSize;
    }

    public List<String> getTransports() {
        return transports;
    }

    public void setTransports(List<String> transports) {
        this.transports = transports;
    }

    public boolean isAllowUpgrades() {
        return allowUpgrades;
    }

    public void setAllowUpgrades(boolean allowUpgrades) {
        this.allowUpgrades = allowUpgrades;
    }

    public boolean isAllowEio3() {
        return allowEio3;
    }

    public void setAllowEio3(boolean allowEio3) {
        this.allowEio3 = allowEio3;
    }

    public boolean isAddTrailingSlash() {
        return addTrailingSlash;
    }

    public void setAddTrailingSlash(boolean addTrailingSlash) {
        this.addTrailingSlash = addTrailingSlash;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public boolean isServeClient() {
        return serveClient;
    }

    public void setServeClient(boolean serveClient) {
        this.serveClient = serveClient;
    }

    public boolean isCleanupEmptyChildNamespaces() {
        return cleanupEmptyChildNamespaces;
    }

    public void setCleanupEmptyChildNamespaces(boolean cleanupEmptyChildNamespaces) {
        this.cleanupEmptyChildNamespaces = cleanupEmptyChildNamespaces;
    }

    public int getMaxChildNamespaces() {
        return maxChildNamespaces;
    }

    public void setMaxChildNamespaces(int maxChildNamespaces) {
        this.maxChildNamespaces = maxChildNamespaces;
    }

    public AdapterType getAdapter() {
        return adapter;
    }

    public void setAdapter(AdapterType adapter) {
        this.adapter = adapter;
    }

    public HttpCompression getHttpCompression() {
        return httpCompression;
    }

    public PerMessageDeflate getPerMessageDeflate() {
        return perMessageDeflate;
    }

    public Cors getCors() {
        return cors;
    }

    public Cookie getCookie() {
        return cookie;
    }

    public ConnectionStateRecovery getConnectionStateRecovery() {
        return connectionStateRecovery;
    }

    public Netty getNetty() {
        return netty;
    }

    public Redis getRedis() {
        return redis;
    }

    public Postgres getPostgres() {
        return postgres;
    }
}
