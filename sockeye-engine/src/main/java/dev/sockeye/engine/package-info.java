/**
 * Engine.IO protocol v4 server, independent of any HTTP library.
 *
 * <p>{@link dev.sockeye.engine.EngineServer} owns the sessions ({@link dev.sockeye.engine.EngineSocket});
 * an HTTP front (for example {@code sockeye-netty}) hands it polling requests and WebSocket
 * upgrades through the small SPI in {@code dev.sockeye.engine.spi}.
 */
package dev.sockeye.engine;
