/**
 * The Socket.IO v5 protocol, independent of the engine and of the server: the packet model
 * ({@link dev.sockeye.core.Packet}), the parser SPI and default JSON parser
 * ({@code dev.sockeye.core.parser}), the adapter SPI, the in-memory adapter and the cluster
 * adapter base ({@code dev.sockeye.core.adapter}).
 */
package dev.sockeye.core;
