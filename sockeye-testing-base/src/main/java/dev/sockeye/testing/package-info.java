/**
 * Test fixtures for Sockeye modules and their users: {@link dev.sockeye.testing.NettyLeakDetection},
 * {@link dev.sockeye.testing.Await}, {@link dev.sockeye.testing.LogCapture} and, for fuzz targets,
 * {@link dev.sockeye.testing.AllocationBudget}.
 */
package dev.sockeye.testing;
