package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.postgres.PostgresAdapterFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
            "sockeye.postgres.table-name=spring_attachments_" + run
        };
        try (ConfigurableApplicationContext a = TestApps.start(properties);
                ConfigurableApplicationContext b = TestApps.start(properties)) {
            assertThat(b.getBean(DataSource.class).getClass().getSimpleName()).isEqualTo("HikariDataSource");
            assertThat(b.getBean(AdapterFactory.class)).isInstanceOf(PostgresAdapterFactory.class);
            TestApps.assertABroadcastOnOneReachesAClientOfTheOther(a, b);
        } finally {
            // the database is shared: leave no table behind
            try (Connection connection =
                            DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS spring_attachments_" + run);
            }
        }
    }
}
