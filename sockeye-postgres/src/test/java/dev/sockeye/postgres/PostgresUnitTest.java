package dev.sockeye.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.core.adapter.cluster.ClusterMessage;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.postgres.internal.PgWire;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import tools.jackson.databind.node.JsonNodeFactory;

/** What needs no database: URLs, options, the notification header and the threshold rule. */
class PostgresUnitTest {

    @Test
    void urlsGiveTheDataSourceFields() {
        PGSimpleDataSource ds = PostgresAdapters.dataSource("postgres://bob:p%40ss@db.local:6543/chat");

        assertThat(ds.getServerNames()).containsExactly("db.local");
        assertThat(ds.getPortNumbers()).containsExactly(6543);
        assertThat(ds.getDatabaseName()).isEqualTo("chat");
        assertThat(ds.getUser()).isEqualTo("bob");
        assertThat(ds.getPassword()).isEqualTo("p@ss");
        assertThat(PostgresAdapters.dataSource("postgresql://root@127.0.0.1/test")
                        .getPortNumbers())
                .containsExactly(5432);
    }

    @Test
    void badUrlsAreRefused() {
        for (String url :
                new String[] {"redis://127.0.0.1:6379", "postgres://127.0.0.1:5432", "postgres:///test", "::"}) {
            assertThatThrownBy(() -> PostgresAdapters.dataSource(url))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void optionsDefaultToNodes() {
        PostgresAdapterOptions o = PostgresAdapterOptions.defaults();

        assertThat(o.channelPrefix()).isEqualTo("socket.io");
        assertThat(o.tableName()).isEqualTo("socket_io_attachments");
        assertThat(o.payloadThreshold()).isEqualTo(8000);
        assertThat(o.cleanupInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.cluster().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.cluster().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.cluster().requestsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.toBuilder().tableName("s.t").build().tableName()).isEqualTo("s.t");
    }

    @Test
    void tableNamesThatAreNotPlainIdentifiersAreRefused() {
        assertThatThrownBy(() -> PostgresAdapterOptions.builder().tableName("t; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresAdapterOptions.builder().payloadThreshold(8001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeaderIsNodesWithTheIdAsAString() {
        assertThat(PgWire.header("0123456789abcdef", 3, 42))
                .isEqualTo("{\"uid\":\"0123456789abcdef\",\"type\":3,\"attachmentId\":\"42\"}");
        assertThat(PgWire.attachmentId(JsonNodeFactory.instance.stringNode("42")))
                .isEqualTo(42);
        assertThat(PgWire.attachmentId(JsonNodeFactory.instance.numberNode(42))).isEqualTo(42);
        assertThatThrownBy(() -> PgWire.attachmentId(JsonNodeFactory.instance.stringNode("4x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelsAreNamedAndQuotedAsNodeDoes() {
        assertThat(PgWire.channel("socket.io", "/chat")).isEqualTo("socket.io#/chat");
        assertThat(PgWire.nspOf("socket.io", "socket.io#/chat")).isEqualTo("/chat");
        assertThat(PgWire.nspOf("socket.io", "other#/chat")).isNull();
        assertThat(PgWire.quoteIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
    }

    @Test
    void theThresholdCountsUtf8BytesAndIsInclusive() {
        ClusterMessage message = new ClusterMessage("u", "/", 3, null);

        assertThat(PgWire.needsAttachment(message, "x".repeat(7999), 8000)).isFalse();
        assertThat(PgWire.needsAttachment(message, "x".repeat(8000), 8000)).isTrue();
        // 4000 two-byte characters are 8000 bytes
        assertThat(PgWire.needsAttachment(message, "é".repeat(4000), 8000)).isTrue();
        assertThat(PgWire.needsAttachment(message, null, 8000)).as("binary").isTrue();
        ClusterMessage binary = new ClusterMessage(
                "u", "/", 3, JsonNodeFactory.instance.objectNode().put("b", new byte[] {1}));
        assertThat(PgWire.hasBinary(binary)).isTrue();
        assertThat(PgWire.hasBinary(new ClusterMessage("u", "/", 1, null))).isFalse();
        assertThat(ClusterMessageCodec.toJson(message)).isEqualTo("{\"type\":3,\"uid\":\"u\",\"nsp\":\"/\"}");
    }
}
