package dev.sockeye.adminui;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AdminUiHttpHandlerTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(AdminUiHttpHandler.at("/admin-ui"));

    @Test
    void thePageIsServedUnderThePathWithItsRelativeAssets() {
        FullHttpResponse page = get("/admin-ui/?x=1");
        try {
            assertThat(page.status().code()).isEqualTo(200);
            assertThat(page.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
            String html = page.content().toString(StandardCharsets.UTF_8);
            assertThat(html).contains("js/app.0d7d7845.js", "css/app.6e3b9661.css");
            assertThat(page.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(page.content().readableBytes());
        } finally {
            page.release();
        }
        FullHttpResponse script = get("/admin-ui/js/app.0d7d7845.js");
        try {
            assertThat(script.status().code()).isEqualTo(200);
            assertThat(script.headers().get(HttpHeaderNames.CONTENT_TYPE))
                    .isEqualTo("application/javascript; charset=utf-8");
            assertThat(script.content().readableBytes()).isGreaterThan(10_000);
        } finally {
            script.release();
        }
        assertThat(AdminUiFiles.standard().version()).isEqualTo("0.5.1");
    }

    @Test
    void thePathWithoutItsSlashRedirects() {
        FullHttpResponse redirect = get("/admin-ui");
        try {
            assertThat(redirect.status().code()).isEqualTo(301);
            assertThat(redirect.headers().get(HttpHeaderNames.LOCATION)).isEqualTo("/admin-ui/");
        } finally {
            redirect.release();
        }
    }

    @Test
    void anythingElseGoesOnDownThePipelineUntouched() {
        for (String uri : new String[] {
            "/", "/admin-ui/../pom.xml", "/admin-ui/js/app.0d7d7845.js.map", "/admin-ui/files.list", "/other/index.html"
        }) {
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
            channel.writeInbound(request);
            FullHttpRequest passed = channel.readInbound();
            assertThat(passed).as(uri).isSameAs(request);
            assertThat(passed.refCnt()).isEqualTo(1);
            passed.release();
        }
        FullHttpRequest post = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/admin-ui/");
        channel.writeInbound(post);
        FullHttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(post);
        passed.release();
        assertThat(channel.finish()).isFalse();
    }

    private FullHttpResponse get(String uri) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        return channel.readOutbound();
    }
}
