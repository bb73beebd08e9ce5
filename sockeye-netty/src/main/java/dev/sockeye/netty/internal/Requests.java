package dev.sockeye.netty.internal;

import dev.sockeye.engine.EngineOptions;
import dev.sockeye.engine.EngineRequest;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between Netty's HTTP types and the engine's. */
public final class Requests {
    private Requests() {}

    /** The engine's view of a Netty request. */
    public static EngineRequest toEngineRequest(Channel channel, HttpRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey(), k -> new ArrayList<>(1)).add(header.getValue());
        }
        SocketAddress remote = channel.remoteAddress();
        return new EngineRequest(
                request.method().name(),
                request.uri(),
                headers,
                remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null,
                channel.pipeline().get(SslHandler.class) != null);
    }

    /** Whether a request asks for a WebSocket. */
    public static boolean isWebSocketUpgrade(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return HttpMethod.GET.equals(request.method())
                && headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    /**
     * Whether a request path (without query) is the engine's: {@code /engine.io/} when
     * {@code addTrailingSlash} (Node's default), {@code /engine.io} or {@code /engine.io/} otherwise.
     * Other paths under the prefix (e.g. {@code /socket.io/socket.io.js}) are not the engine's.
     */
    public static boolean matches(EngineOptions options, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String base = options.path();
        String slashed = base.endsWith("/") ? base : base + "/";
        if (path.equals(slashed)) {
            return true;
        }
        return !options.addTrailingSlash() && path.equals(base);
    }
}
