/**
 * Test support: {@link dev.sockeye.core.adapter.testing.InMemoryClusterBus}, a cluster bus in
 * one JVM, to run several nodes of a namespace side by side in tests. Not for production.
 */
package dev.sockeye.core.adapter.testing;
