/**
 * The service-provider interface between the engine and an HTTP front (Netty today, a servlet
 * container later). It uses no HTTP library type: a front turns its own requests into
 * {@link dev.sockeye.engine.spi.PollingExchange polling exchanges} and
 * {@link dev.sockeye.engine.spi.WebSocketUpgrade WebSocket upgrades} and hands them to
 * {@link dev.sockeye.engine.EngineServer#handleRequest} and {@link dev.sockeye.engine.EngineServer#handleUpgrade};
 * {@link dev.sockeye.engine.spi.FrontExchange} holds what both keep alike (request, response headers, scheduler).
 *
 * <p>The front owns the limits that must hold before bytes are accumulated: it stops reading a
 * request body beyond the size the engine asks for, and it caps WebSocket frame size, message size
 * and fragment count (closing with 1009).
 */
package dev.sockeye.engine.spi;
