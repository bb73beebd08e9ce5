package dev.sockeye.adminui;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves the Admin UI's page ({@link AdminUiFiles}) under a path, for {@code NettySocketIoServer.Builder.handler}
 * (which hands it every request outside the Socket.IO path): {@code GET}/{@code HEAD} {@code <path>} and
 * {@code <path>index.html} answer the page, {@code <path><file>} the package's files, and {@code <path>} without its
 * trailing slash redirects to it (the page's URLs are relative). Anything else goes on down the pipeline untouched.
 *
 * <pre>{@code
 * AdminUiHttpHandler page = AdminUiHttpHandler.at("/admin-ui/"); // reads the files once, fails now if they are missing
 * NettySocketIoServer.builder(io).handler(() -> page).build().start();
 * // then open http://host:port/admin-ui/ and log in with server URL http://host:port
 * }</pre>
 *
 * <p>The page is static and public (it holds no secret); the admin namespace is what needs the login. Sharable: make
 * one and hand the same instance to every channel.
 */
@ChannelHandler.Sharable
public final class AdminUiHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String path;
    private final AdminUiFiles files;

    private AdminUiHttpHandler(String path, AdminUiFiles files) {
        super(false); // released when answered, passed on untouched otherwise
        this.path = path;
        this.files = files;
    }

    /**
     * A handler serving the UI under {@code path}, e.g. {@code /admin-ui/} (a trailing slash is added if missing).
     *
     * @throws IllegalStateException if the jar was built without the UI files
     */
    public static AdminUiHttpHandler at(String path) {
        Objects.requireNonNull(path, "path");
        String p = path.startsWith("/") ? path : "/" + path;
        return new AdminUiHttpHandler(p.endsWith("/") ? p : p + "/", AdminUiFiles.standard());
    }

    /** The path the UI is served under, with its trailing slash. */
    public String path() {
        return path;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = head || request.method().equals(HttpMethod.GET) ? answer(request) : null;
        if (response == null) {
            ctx.fireChannelRead(request);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        request.release();
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (head) {
            response.content().clear();
        }
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String target = query < 0 ? uri : uri.substring(0, query);
        if (target.equals(path.substring(0, path.length() - 1))) {
            FullHttpResponse redirect = new DefaultFullHttpResponse(
                    request.protocolVersion(), HttpResponseStatus.MOVED_PERMANENTLY, Unpooled.EMPTY_BUFFER);
            redirect.headers().set(HttpHeaderNames.LOCATION, path + (query < 0 ? "" : uri.substring(query)));
            return redirect;
        }
        if (!target.startsWith(path)) {
            return null;
        }
        Optional<AdminUiFiles.File> file = files.find(target.substring(path.length()));
        if (file.isEmpty()) {
            return null;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(
                request.protocolVersion(),
                HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(file.get().content()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, file.get().contentType())
                // The file names carry content hashes, but index.html does not: always revalidate, it is small.
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                .set("X-Content-Type-Options", "nosniff");
        return response;
    }
}
