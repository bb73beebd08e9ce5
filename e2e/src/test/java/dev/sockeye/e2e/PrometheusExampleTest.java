package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.examples.PrometheusMetrics;
import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.testing.node.NodePeer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Prometheus example of {@code examples/}: its {@code /metrics} after a socket.io-client 4.x (Node) connected and sent an event. */
class PrometheusExampleTest {
    private NettySocketIoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void metricsServesTheSockeyeMetersInPrometheusTextAfterAClientConnected() throws Exception {
        server = PrometheusMetrics.start(0);
        try (NodePeer peer =
                NodePeer.start("socketio/client.js", Map.of(), "http://127.0.0.1:" + server.port(), "websocket")) {
            peer.send("{\"open\":\"/\"}");
            peer.awaitLine(l -> l.contains("\"event\":\"connect\""));
            peer.send("{\"emit\":\"echo\",\"args\":[\"hi\"],\"ack\":true}");
            peer.awaitLine(l -> l.contains("\"event\":\"ack\""));

            HttpResponse<String> scrape = new Http(server.port()).get("/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("content-type"))
                    .hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.body())
                    .contains("# TYPE socketio_connections gauge")
                    .contains("socketio_connections{transport=\"websocket\"} 1")
                    .contains("socketio_sockets{namespace=\"/\"} 1")
                    .contains("socketio_connects_total{namespace=\"/\",result=\"accepted\"} 1")
                    .contains("socketio_events_total{direction=\"in\",event=\"echo\",namespace=\"/\"} 1")
                    .contains("socketio_bytes_total{direction=\"in\"}")
                    .contains("socketio_handler_duration_seconds_count");
            assertThat(new Http(server.port()).get("/health/ready").statusCode())
                    .isEqualTo(200);
        }
    }
}
