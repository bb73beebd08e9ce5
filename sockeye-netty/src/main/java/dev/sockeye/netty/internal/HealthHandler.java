package dev.sockeye.netty.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.function.BooleanSupplier;

/**
 * Answers the health probes of load balancers and orchestrators: {@code GET <path>/live} is
 * {@code 200} while the server serves, {@code GET <path>/ready} is {@code 200} while it accepts
 * clients and {@code 503} once its shutdown began. {@code HEAD} is answered too. Every other request
 * goes on down the pipeline.
 */
@ChannelHandler.Sharable
public final class HealthHandler extends ChannelInboundHandlerAdapter {
    private static final String JSON = "application/json";
    private final String live;
    private final String ready;
    private final BooleanSupplier accepting;

    /**
     * @param path      the prefix of the two probes, e.g. {@code /health}
     * @param accepting whether the server accepts clients (false once its shutdown began)
     */
    public HealthHandler(String path, BooleanSupplier accepting) {
        this.live = path + "/live";
        this.ready = path + "/ready";
        this.accepting = accepting;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isProbe(request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            String path = pathOf(request.uri());
            if (path.equals(live) || accepting.getAsBoolean()) {
                PlainResponse.send(ctx, request, HttpResponseStatus.OK, JSON, "{\"status\":\"UP\"}");
            } else {
                PlainResponse.send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, JSON, "{\"status\":\"DOWN\"}");
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private boolean isProbe(FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            return false;
        }
        String path = pathOf(request.uri());
        return path.equals(live) || path.equals(ready);
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
