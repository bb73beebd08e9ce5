package dev.sockeye.examples;

import dev.sockeye.micrometer.SockeyeMetrics;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Socket.IO server measured with {@code sockeye-micrometer} and scraped by Prometheus: the meters go
 * into a {@link PrometheusMeterRegistry}, served in Prometheus text at {@code /metrics} on the server's
 * own port, beside the health probes {@code /health/live} and {@code /health/ready}.
 *
 * <pre>
 * mvn -B -q package -pl examples -am -Dmaven.test.skip=true
 * java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.sockeye.examples.PrometheusMetrics 3000
 * curl http://127.0.0.1:3000/metrics
 * </pre>
 */
public final class PrometheusMetrics {
    private PrometheusMetrics() {}

    /**
     * Serves on 127.0.0.1 until Ctrl-C.
     *
     * @param args the port, 3000 when absent
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        NettySocketIoServer server = start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
        System.out.println("READY port=" + server.port() + " metrics=http://127.0.0.1:" + server.port() + "/metrics");
        server.awaitTermination();
    }

    /**
     * Starts the measured server.
     *
     * @param port the port, 0 for any free one
     * @return the running server
     */
    public static NettySocketIoServer start(int port) {
        SocketIoServer io = SocketIoServer.create();
        io.onConnection(
                socket -> socket.on("echo", (args, ack) -> ack.send(args.nodes().toArray())));

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SockeyeMetrics.builder(io).eventNameTags(50).build().bindTo(registry); // "event" tag for 50 names at most

        return NettySocketIoServer.builder(io)
                .host("127.0.0.1")
                .port(port)
                .healthPath("/health")
                .drainDelay(Duration.ofSeconds(1))
                .handler(() -> new MetricsHandler(registry))
                .build()
                .start();
    }

    /** {@code GET /metrics}: the registry in Prometheus text format 0.0.4; other requests go on. */
    @ChannelHandler.Sharable
    static final class MetricsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final PrometheusMeterRegistry registry;

        MetricsHandler(PrometheusMeterRegistry registry) {
            super(false); // what is not ours goes down the pipeline unreleased
            this.registry = registry;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (!HttpMethod.GET.equals(request.method()) || !request.uri().equals("/metrics")) {
                ctx.fireChannelRead(request);
                return;
            }
            request.release();
            FullHttpResponse response = new DefaultFullHttpResponse(
                    request.protocolVersion(),
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(registry.scrape(), StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            response.headers()
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }
}
