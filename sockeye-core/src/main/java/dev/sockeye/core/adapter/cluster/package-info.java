/**
 * The cluster adapter base: Node's {@code socket.io-adapter} {@code ClusterAdapter} message
 * model (message types 1–13, request/response correlation, heartbeats) and its JSON and
 * MessagePack wire codec, shared by every bus-specific adapter (Redis, PostgreSQL, …), which
 * only implement {@code doPublish} and {@code doPublishResponse} and feed received messages in.
 */
package dev.sockeye.core.adapter.cluster;
