/**
 * The PostgreSQL cluster adapter: Sockeye servers (and Node.js servers using
 * {@code @socket.io/postgres-adapter}) sharing one database form one cluster. Start with
 * {@link dev.sockeye.postgres.PostgresAdapter#factory(javax.sql.DataSource)} or
 * {@link dev.sockeye.postgres.PostgresAdapters#fromUrl(String)}.
 */
package dev.sockeye.postgres;
