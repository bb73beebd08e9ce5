/**
 * The limit server: the bench contract's fan-out, echo and connection events done with the least work possible on
 * the same Netty as Sockeye, the physical-limit anchor of {@code benchmarks/run-limits.sh}.
 */
package dev.sockeye.bench.limit;
