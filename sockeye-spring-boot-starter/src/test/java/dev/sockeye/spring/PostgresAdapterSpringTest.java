package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.e2e.NodePeer;
import dev.sockeye.postgres.PostgresAdapterFactory;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.testing.Await;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code sockeye.adapter=postgres}: two instances of the application, each with Spring Boot's own DataSource
 * (spring.datasource.*, HikariCP) on the PostgreSQL of this machine, form one cluster: a broadcast on one reaches a
 * client of the other.
 */
class PostgresAdapterSpringTest {

    @Test
    void aBroadcastOnOneInstanceReachesAClientOfTheOther() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String[] properties = {
                "spring.autoconfigure.exclude=", // JDBC on: the starter builds the adapter from Boot's DataSource
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
                "spring.datasource.username=postgres",
                "sockeye.adapter=postgres",
                "sockeye.postgres.channel-prefix=spring-" + run,
                "sockeye.postgres.table-name=spring_attachments_" + run};
        try (ConfigurableApplicationContext a = TestApps.start(properties);
             ConfigurableApplicationContext b = TestApps.start(properties);
             NodePeer client = NodePeer.start("socketio/client.js", Map.of(), TestApps.socketIoUrl(a), "websocket")) {
            assertThat(b.getBean(DataSource.class).getClass().getSimpleName()).isEqualTo("HikariDataSource");
            assertThat(b.getBean(AdapterFactory.class)).isInstanceOf(PostgresAdapterFactory.class);
            client.send("{\"open\":\"/\",\"auth\":{\"token\":\"secret\"}}");
            client.awaitLine(line -> line.contains("\"event\":\"connect\""));

            SocketIoServer ioB = b.getBean(SocketIoServer.class);
            Await.until("the other instance sees the client through PostgreSQL", Duration.ofSeconds(15),
                    () -> ioB.fetchSockets().join().size() == 1);
            ioB.emit("news", Map.of("from", "b"));
            assertThat(client.awaitLine(line -> line.contains("\"news\""))).contains("\"args\":[{\"from\":\"b\"}]");
        } finally {
            // the database is shared: leave no table behind
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS spring_attachments_" + run);
            }
        }
    }
}
