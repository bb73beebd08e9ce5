package dev.sockeye.spring;

import dev.sockeye.server.SocketIoServer;

/**
 * A bean that adjusts the server's builder after the {@code sockeye.*} properties are applied and before the
 * server is built: for what properties cannot say (a parser, a handler executor, an {@code allowRequest} check).
 * Customizers run in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * SockeyeServerCustomizer virtualThreads() {
 *     return builder -> builder.handlerExecutor(Executors.newVirtualThreadPerTaskExecutor());
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SockeyeServerCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder, with the properties applied
     */
    void customize(SocketIoServer.Builder builder);
}
