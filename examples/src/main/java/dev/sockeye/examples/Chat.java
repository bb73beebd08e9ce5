package dev.sockeye.examples;

import dev.sockeye.examples.ChatPayloads.Outgoing;
import dev.sockeye.examples.ChatPayloads.Private;
import dev.sockeye.examples.ChatPayloads.Typing;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;

/**
 * The chat's Socket.IO side: what the page (examples/chat/app.js) sends and receives, wired to the sockets with
 * handlers registered by hand; {@link ChatService} does what each request asks.
 *
 * <pre>
 * client → server   join(room, ack)  leave(room, ack)  message({room, text}, ack)  typing({room, typing})
 *                   private({to, text}, ack)
 * server → client   users({count})  presence({room, id, nickname, joined, members})  message({id, room, from, text, time})
 *                   typing({room, id, nickname, typing})  private({from, text, time})  shutdown({message}, ack)
 * </pre>
 *
 * <p>The nickname comes with the connection ({@code io({auth: {nickname}})}), so a page that reconnects is the same
 * user again.
 */
public final class Chat {

    private Chat() {}

    /**
     * Installs the chat on a server: a middleware that wants a nickname, and the event handlers of every socket.
     *
     * @param io the server
     */
    public static void install(SocketIoServer io) {
        ChatService chat = new ChatService(io);
        io.use(ChatService::requireNickname);
        io.onConnection(socket -> connected(chat, socket));
    }

    private static void connected(ChatService chat, Socket socket) {
        chat.announceUsers();
        socket.on("join", String.class, (room, ack) -> chat.join(socket, room).thenAccept(ack::send));
        socket.on("leave", String.class, (room, ack) -> chat.leave(socket, room).thenAccept(ack::send));
        socket.on("message", Outgoing.class, (out, ack) -> ack.send(chat.message(socket, out)));
        socket.on("typing", Typing.class, typing -> chat.typing(socket, typing));
        socket.on(
                "private",
                Private.class,
                (out, ack) -> chat.privateMessage(socket, out).thenAccept(ack::send));
        // Rooms are still readable while disconnecting: tell each chat room its member left.
        socket.onDisconnecting(reason -> chat.leaving(socket));
        socket.onDisconnect(reason -> chat.announceUsers());
    }
}
