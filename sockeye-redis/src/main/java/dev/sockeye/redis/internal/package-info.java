/** Implementation of the Redis adapters: wire translation, Redis connections, the adapters. */
package dev.sockeye.redis.internal;
