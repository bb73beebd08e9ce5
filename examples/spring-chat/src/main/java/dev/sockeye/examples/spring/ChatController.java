package dev.sockeye.examples.spring;

import dev.sockeye.examples.ChatPayloads.Outgoing;
import dev.sockeye.examples.ChatPayloads.Private;
import dev.sockeye.examples.ChatPayloads.Typing;
import dev.sockeye.examples.ChatService;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.OnConnect;
import dev.sockeye.spring.OnDisconnect;
import dev.sockeye.spring.OnDisconnecting;
import dev.sockeye.spring.OnEvent;
import dev.sockeye.spring.SocketIoController;
import java.util.concurrent.CompletableFuture;

/**
 * The chat's Socket.IO side, for the page of {@code examples/chat/} (see its app.js for the events), wired to the
 * sockets with annotated methods. Each {@code @OnEvent} method's return value is the ack the page waits for; the
 * asynchronous ones (they ask the adapter who is in a room, which spans the cluster) return a
 * {@code CompletableFuture}. What each request does is the Netty chat's ({@code ChatService}, with the payloads of
 * {@code ChatPayloads}): the page cannot tell the two servers apart.
 */
@SocketIoController
class ChatController {
    private final ChatService chat;

    ChatController(SocketIoServer io) {
        this.chat = new ChatService(io);
    }

    @OnConnect
    public void connected() {
        chat.announceUsers();
    }

    @OnEvent("join")
    public CompletableFuture<Object> join(Socket socket, String room) {
        return chat.join(socket, room);
    }

    @OnEvent("leave")
    public CompletableFuture<Object> leave(Socket socket, String room) {
        return chat.leave(socket, room);
    }

    @OnEvent("message")
    public Object message(Socket socket, Outgoing out) {
        return chat.message(socket, out);
    }

    @OnEvent("typing")
    public void typing(Socket socket, Typing typing) {
        chat.typing(socket, typing);
    }

    @OnEvent("private")
    public CompletableFuture<Object> privateMessage(Socket socket, Private out) {
        return chat.privateMessage(socket, out);
    }

    /** Still in its rooms here: each chat room hears that its member left. */
    @OnDisconnecting
    public void leaving(Socket socket) {
        chat.leaving(socket);
    }

    @OnDisconnect
    public void disconnected() {
        chat.announceUsers();
    }
}
