package dev.sockeye.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL of this machine (127.0.0.1:5432, database {@code test}, trust auth) as the tests
 * use it: every test takes its own channel prefix and table, so parallel runs never meet.
 */
final class TestDatabase {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5432;
    static final String DATABASE = "test";
    static final String USER = "postgres";

    private TestDatabase() {}

    /** A fresh random suffix for channel prefixes, table and application names. */
    static String uniqueName() {
        return "t"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                        .toLowerCase(Locale.ROOT);
    }

    /** A data source whose connections carry {@code applicationName}, to find them in pg_stat_activity. */
    static PGSimpleDataSource dataSource(String applicationName) {
        return dataSource(PORT, applicationName);
    }

    static PGSimpleDataSource dataSource(int port, String applicationName) {
        return dataSource(port, DATABASE, applicationName);
    }

    static PGSimpleDataSource dataSource(int port, String database, String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {HOST});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(USER);
        ds.setApplicationName(applicationName);
        ds.setConnectTimeout(5);
        return ds;
    }

    /** The URL form the bench server takes. */
    static String url() {
        return "postgres://" + USER + "@" + HOST + ":" + PORT + "/" + DATABASE;
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = dataSource("sockeye-test-admin").getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long count(String sql) throws SQLException {
        try (Connection c = dataSource("sockeye-test-admin").getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void notify(String channel, String payload) throws SQLException {
        try (Connection c = dataSource("sockeye-test-admin").getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            st.setString(1, channel);
            st.setString(2, payload);
            st.executeQuery().close();
        }
    }

    /** Terminates the backends of these connections, as a server restart or a network cut would. */
    static int terminate(String applicationName) throws SQLException {
        try (Connection c = dataSource("sockeye-test-admin").getConnection();
                PreparedStatement st = c.prepareStatement(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")) {
            st.setString(1, applicationName);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static boolean terminatePid(int pid) throws SQLException {
        try (Connection c = dataSource("sockeye-test-admin").getConnection();
                PreparedStatement st = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            st.setInt(1, pid);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
