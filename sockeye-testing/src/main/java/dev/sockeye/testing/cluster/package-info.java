/**
 * {@link dev.sockeye.testing.cluster.InMemoryClusterBus}: a cluster bus inside one JVM, to run several nodes of a
 * namespace side by side in tests. Not for production.
 */
package dev.sockeye.testing.cluster;
