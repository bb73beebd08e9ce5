package dev.sockeye.postgres;

import dev.sockeye.core.adapter.Adapter;
import dev.sockeye.core.adapter.AdapterFactory;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.postgres.internal.PgBus;
import javax.sql.DataSource;

/**
 * Creates the {@link PostgresAdapter} of every namespace of one server; they share one
 * publishing and one listening connection. Close it after the server. Thread-safe.
 */
public final class PostgresAdapterFactory implements AdapterFactory, AutoCloseable {

    private final PostgresAdapterOptions options;
    private final PgBus bus;

    PostgresAdapterFactory(DataSource dataSource, PostgresAdapterOptions options) {
        this.options = options;
        this.bus = new PgBus(dataSource, options);
        bus.start();
    }

    @Override
    public Adapter create(NamespaceHost host) {
        return new PostgresAdapter(host, options, bus);
    }

    /**
     * The options.
     *
     * @return the options
     */
    public PostgresAdapterOptions options() {
        return options;
    }

    /**
     * The process id of the PostgreSQL backend serving the listening connection (the
     * {@code pid} column of {@code pg_stat_activity}), for monitoring.
     *
     * @return the pid, or -1 while disconnected
     */
    public int listenerBackendPid() {
        return bus.listenerPid();
    }

    /**
     * Publishes what is still queued (waiting a few seconds at most), then closes both
     * connections. Adapters created by this factory can no longer publish nor receive.
     */
    @Override
    public void close() {
        bus.close();
    }
}
