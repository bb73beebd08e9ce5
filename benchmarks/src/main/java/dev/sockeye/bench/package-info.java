/**
 * Benchmarks: the bench server of {@code ../shared/bench/CONTRACT.md} and JMH benchmarks of the
 * hot paths. Not published; see {@code benchmarks/README.md}.
 */
package dev.sockeye.bench;
