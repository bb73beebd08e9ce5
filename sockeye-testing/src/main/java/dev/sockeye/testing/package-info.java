/** Test fixtures for Sockeye modules and their users: {@link dev.sockeye.testing.NettyLeakDetection}. */
package dev.sockeye.testing;
