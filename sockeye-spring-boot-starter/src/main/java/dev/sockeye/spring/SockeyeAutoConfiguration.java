package dev.sockeye.spring;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.postgres.PostgresAdapter;
import dev.sockeye.postgres.PostgresAdapterOptions;
import dev.sockeye.redis.RedisAdapterOptions;
import dev.sockeye.redis.RedisAdapters;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.servlet.SockeyeServletFront;
import dev.sockeye.spring.internal.ControllerRegistrar;
import dev.sockeye.spring.internal.ServerOptionsMapper;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sockeye's Spring Boot auto-configuration: the {@link SocketIoServer} built from the {@code sockeye.*}
 * properties (and {@link SockeyeServerCustomizer} beans), served on the application's own port by the servlet front
 * in a servlet web application, else (or when {@code sockeye.netty.port} is set) on a dedicated Netty port by
 * {@link SocketIoLifecycle}; the cluster adapter named by {@code sockeye.adapter} built from the application's
 * own {@code RedisConnectionFactory} or {@code DataSource}; and a health indicator when Actuator is present.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
@ConditionalOnBooleanProperty(name = "sockeye.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SockeyeProperties.class)
public class SockeyeAutoConfiguration {

    /** The port Socket.IO gets when nothing else says where to serve it (Node's usual port). */
    static final int DEFAULT_NETTY_PORT = 3000;

    /**
     * The server. Its JSON mapper is the application's {@code JsonMapper} bean when there is one (so event
     * arguments bind as the rest of the application reads JSON), else a plain one.
     */
    @Bean
    @ConditionalOnMissingBean
    public SocketIoServer socketIoServer(
            SockeyeProperties properties,
            ObjectProvider<AdapterFactory> adapter,
            ObjectProvider<JsonMapper> jsonMapper,
            ObjectProvider<SockeyeServerCustomizer> customizers) {
        SocketIoServer.Builder builder = ServerOptionsMapper.builder(properties)
                .jsonMapper(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
        AdapterFactory cluster = adapter.getIfAvailable();
        if (cluster != null) {
            builder.adapter(cluster);
        } else if (properties.getAdapter() != SockeyeProperties.AdapterType.MEMORY) {
            throw new IllegalStateException(
                    "sockeye.adapter=" + properties.getAdapter().name().toLowerCase()
                            + " needs "
                            + (properties.getAdapter() == SockeyeProperties.AdapterType.REDIS
                                    ? "sockeye-redis and a Lettuce RedisConnectionFactory bean (spring-boot-starter-data-redis)"
                                    : "sockeye-postgres and a DataSource bean (spring-boot-starter-jdbc)"));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /**
     * Wires middlewares and controllers into the server, serves it on the dedicated Netty port unless the servlet
     * front serves it, and closes it with the application.
     */
    @Bean
    @ConditionalOnMissingBean
    public SocketIoLifecycle socketIoLifecycle(
            SocketIoServer io,
            SockeyeProperties properties,
            ApplicationContext context,
            ObjectProvider<AdapterFactory> adapter,
            ObjectProvider<SockeyeServletFrontInitializer> servletFront) {
        Integer port = properties.getNetty().getPort();
        Integer nettyPort = port != null ? port : servletFront.getIfAvailable() != null ? null : DEFAULT_NETTY_PORT;
        ObjectMapper mapper = io.options().jsonMapper() != null
                ? io.options().jsonMapper()
                : JsonMapper.builder().build();
        AdapterFactory cluster = adapter.getIfAvailable();
        return new SocketIoLifecycle(
                io,
                properties.getNetty(),
                nettyPort,
                context,
                new ControllerRegistrar(io, mapper),
                cluster instanceof AutoCloseable closeable ? closeable : null);
    }

    /**
     * Socket.IO on the application's own port: in a servlet web application (embedded Tomcat or Jetty) while
     * {@code sockeye.netty.port} is not set.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({SockeyeServletFront.class, ServletContextInitializer.class})
    @ConditionalOnExpression("'${sockeye.netty.port:}'.isEmpty()") // no dedicated port asked for
    static class ServletFrontConfiguration {

        @Bean
        @ConditionalOnMissingBean
        SockeyeServletFrontInitializer sockeyeServletFront(SocketIoServer io) {
            return new SockeyeServletFrontInitializer(io);
        }
    }

    /** The classic Redis adapter on the application's Lettuce connection factory ({@code sockeye.adapter=redis}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({RedisAdapters.class, LettuceConnectionFactory.class})
    @ConditionalOnProperty(name = "sockeye.adapter", havingValue = "redis")
    static class RedisAdapterConfiguration {

        /** Closed by {@link SocketIoLifecycle} after the server, before Spring stops the connection factory. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean(AdapterFactory.class)
        @ConditionalOnBean(RedisConnectionFactory.class)
        AdapterFactory sockeyeRedisAdapter(RedisConnectionFactory connectionFactory, SockeyeProperties properties) {
            if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
                throw new IllegalStateException("sockeye.adapter=redis needs a Lettuce RedisConnectionFactory, not "
                        + connectionFactory.getClass().getName());
            }
            SockeyeProperties.Redis redis = properties.getRedis();
            RedisAdapterOptions options = RedisAdapterOptions.builder()
                    .key(redis.getKey())
                    .requestsTimeout(redis.getRequestsTimeout())
                    .publishOnSpecificResponseChannel(redis.isPublishOnSpecificResponseChannel())
                    .build();
            AbstractRedisClient client = lettuce.getRequiredNativeClient();
            if (client instanceof RedisClusterClient cluster) {
                return RedisAdapters.createAdapter(cluster, options);
            }
            return RedisAdapters.createAdapter((RedisClient) client, options);
        }
    }

    /** The PostgreSQL adapter on the application's DataSource ({@code sockeye.adapter=postgres}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({PostgresAdapter.class, DataSource.class})
    @ConditionalOnProperty(name = "sockeye.adapter", havingValue = "postgres")
    static class PostgresAdapterConfiguration {

        /** Closed by {@link SocketIoLifecycle} after the server, before Spring closes the data source. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean(AdapterFactory.class)
        @ConditionalOnBean(DataSource.class)
        AdapterFactory sockeyePostgresAdapter(DataSource dataSource, SockeyeProperties properties) {
            SockeyeProperties.Postgres postgres = properties.getPostgres();
            return PostgresAdapter.factory(
                    dataSource,
                    PostgresAdapterOptions.builder()
                            .channelPrefix(postgres.getChannelPrefix())
                            .tableName(postgres.getTableName())
                            .payloadThreshold(postgres.getPayloadThreshold())
                            .cleanupInterval(postgres.getCleanupInterval())
                            .createTable(postgres.isCreateTable())
                            .heartbeatInterval(postgres.getHeartbeatInterval())
                            .heartbeatTimeout(postgres.getHeartbeatTimeout())
                            .requestsTimeout(postgres.getRequestsTimeout())
                            .build());
        }
    }

    /** The {@code sockeye} health component ({@code management.health.sockeye.enabled}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "sockeyeHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("sockeye")
        SockeyeHealthIndicator sockeyeHealthIndicator(SocketIoLifecycle lifecycle) {
            return new SockeyeHealthIndicator(lifecycle);
        }
    }
}
