/**
 * Redis cluster adapters, wire-compatible with {@code @socket.io/redis-adapter} 8.3: the classic
 * pub/sub adapter ({@link dev.sockeye.redis.RedisAdapters#createAdapter}) and the sharded adapter
 * for Redis 7 ({@link dev.sockeye.redis.RedisAdapters#createShardedAdapter}). Sockeye and Node.js
 * servers using the same protocol and prefix on the same Redis form one cluster.
 */
package dev.sockeye.redis;
