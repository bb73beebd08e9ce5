/** Implementation of the PostgreSQL adapter: the bus over LISTEN/NOTIFY. Not a public API. */
package dev.sockeye.postgres.internal;
