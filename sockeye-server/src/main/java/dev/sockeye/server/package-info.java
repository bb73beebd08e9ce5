/**
 * The Socket.IO server API: {@link dev.sockeye.server.SocketIoServer}, namespaces, sockets,
 * immutable broadcast operators, acknowledgements and middlewares. Implementation classes live
 * in {@code dev.sockeye.server.internal} and are not part of the API.
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder().build();
 * io.onConnection(socket -> {
 *     socket.join("lobby");
 *     socket.on("chat", ChatMessage.class, msg -> socket.to("lobby").emit("chat", msg));
 *     socket.on("add", Sum.class, (sum, ack) -> ack.send(sum.a() + sum.b()));
 * });
 * }</pre>
 */
package dev.sockeye.server;
