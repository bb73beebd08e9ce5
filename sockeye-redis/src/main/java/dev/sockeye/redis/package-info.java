/**
 * Redis cluster adapters, wire-compatible with {@code @socket.io/redis-adapter} 8.3: the classic
 * pub/sub adapter ({@link dev.sockeye.redis.RedisAdapters#createAdapter}) and the sharded adapter
 * for Redis 7 ({@link dev.sockeye.redis.RedisAdapters#createShardedAdapter}); and with
 * {@code @socket.io/redis-streams-adapter} 0.3.1: the Redis Streams adapter
 * ({@link dev.sockeye.redis.RedisAdapters#createStreamsAdapter}), which also keeps sessions for
 * connection state recovery. Sockeye and Node.js
 * servers using the same protocol and prefix on the same Redis form one cluster. Redis is one
 * server, a master watched by Sentinel or a Redis Cluster ({@link dev.sockeye.redis.RedisTopology});
 * the adapters follow failovers by themselves.
 */
package dev.sockeye.redis;
