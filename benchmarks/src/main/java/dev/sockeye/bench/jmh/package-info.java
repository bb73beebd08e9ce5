/**
 * JMH benchmarks of the hot paths, all in memory: the Engine.IO codec, the Socket.IO JSON parser,
 * broadcast fan-out through the in-memory adapter, and the ack round trip. Run them with
 * {@code benchmarks/run-jmh.sh}; what each one measures and the committed results are in
 * {@code benchmarks/JMH.md}.
 */
package dev.sockeye.bench.jmh;
