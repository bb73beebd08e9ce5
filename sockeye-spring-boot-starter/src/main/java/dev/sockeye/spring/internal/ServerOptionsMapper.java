package dev.sockeye.spring.internal;

import dev.sockeye.core.adapter.ConnectionStateRecovery;
import dev.sockeye.engine.CookieOptions;
import dev.sockeye.engine.CorsOptions;
import dev.sockeye.engine.EngineOptions;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.SockeyeProperties;
import java.util.List;

/** Turns the {@code sockeye.*} properties into the server's builder. */
public final class ServerOptionsMapper {

    private ServerOptionsMapper() {}

    /**
     * A builder with every property applied.
     *
     * @param p the properties
     * @return the builder
     */
    public static SocketIoServer.Builder builder(SockeyeProperties p) {
        EngineOptions engine = EngineOptions.builder()
                .upgradeTimeout(p.getUpgradeTimeout())
                .transports(List.copyOf(p.getTransports()))
                .allowUpgrades(p.isAllowUpgrades())
                .addTrailingSlash(p.isAddTrailingSlash())
                .maxConnections(p.getMaxConnections())
                .httpCompression(
                        p.getHttpCompression().isEnabled(),
                        p.getHttpCompression().getThreshold())
                .perMessageDeflate(
                        p.getPerMessageDeflate().isEnabled(),
                        p.getPerMessageDeflate().getThreshold())
                .cookie(cookie(p.getCookie()))
                .build();
        SocketIoServer.Builder builder = SocketIoServer.builder()
                .path(p.getPath())
                .connectTimeout(p.getConnectTimeout())
                .engineOptions(engine)
                .pingInterval(p.getPingInterval())
                .pingTimeout(p.getPingTimeout())
                .maxHttpBufferSize(p.getMaxHttpBufferSize())
                .allowEIO3(p.isAllowEio3())
                .cors(cors(p.getCors()))
                .serveClient(p.isServeClient())
                .cleanupEmptyChildNamespaces(p.isCleanupEmptyChildNamespaces())
                .maxChildNamespaces(p.getMaxChildNamespaces());
        SockeyeProperties.ConnectionStateRecovery recovery = p.getConnectionStateRecovery();
        if (recovery.isEnabled()) {
            builder.connectionStateRecovery(ConnectionStateRecovery.defaults()
                    .withMaxDisconnectionDuration(recovery.getMaxDisconnectionDuration())
                    .withSkipMiddlewares(recovery.isSkipMiddlewares()));
        }
        return builder;
    }

    private static CorsOptions cors(SockeyeProperties.Cors c) {
        if (c.getAllowedOrigins().isEmpty()) {
            return null;
        }
        CorsOptions cors = c.getAllowedOrigins().contains("*")
                ? CorsOptions.allowAll()
                : CorsOptions.origins(List.copyOf(c.getAllowedOrigins()));
        cors = cors.withCredentials(c.isAllowCredentials())
                .withAllowedHeaders(c.getAllowedHeaders())
                .withExposedHeaders(c.getExposedHeaders())
                .withMaxAge(c.getMaxAge());
        return c.getAllowedMethods().isEmpty() ? cors : cors.withMethods(c.getAllowedMethods());
    }

    private static CookieOptions cookie(SockeyeProperties.Cookie c) {
        if (!c.isEnabled()) {
            return null;
        }
        String sameSite = c.getSameSite() == null || c.getSameSite().isBlank() ? null : c.getSameSite();
        return new CookieOptions(
                c.getName(), c.getPath(), c.isHttpOnly(), sameSite, c.isSecure(), c.getMaxAge(), c.getDomain());
    }
}
