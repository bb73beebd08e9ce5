package dev.sockeye.examples.spring;

import dev.sockeye.examples.ChatPayloads.Delivered;
import dev.sockeye.examples.ChatPayloads.Failure;
import dev.sockeye.examples.ChatPayloads.Joined;
import dev.sockeye.examples.ChatPayloads.Member;
import dev.sockeye.examples.ChatPayloads.Message;
import dev.sockeye.examples.ChatPayloads.Outgoing;
import dev.sockeye.examples.ChatPayloads.Presence;
import dev.sockeye.examples.ChatPayloads.Private;
import dev.sockeye.examples.ChatPayloads.PrivateMessage;
import dev.sockeye.examples.ChatPayloads.Typing;
import dev.sockeye.examples.ChatPayloads.TypingNotice;
import dev.sockeye.examples.ChatPayloads.Users;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import dev.sockeye.spring.OnConnect;
import dev.sockeye.spring.OnDisconnect;
import dev.sockeye.spring.OnDisconnecting;
import dev.sockeye.spring.OnEvent;
import dev.sockeye.spring.SocketIoController;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The chat's Socket.IO side, for the page of {@code examples/chat/} (see its app.js for the events). Each
 * {@code @OnEvent} method's return value is the ack the page waits for; the asynchronous ones (they ask the adapter
 * who is in a room, which spans the cluster) return a {@code CompletableFuture}. Chat rooms are Socket.IO rooms named
 * {@code room:<name>}, apart from the room every socket has under its own id (private messages use that one). The
 * payloads are those of the Netty chat ({@code ChatPayloads}): the page cannot tell the two servers apart.
 */
@SocketIoController
class ChatController {
    private static final Pattern ROOM_NAME = Pattern.compile("[a-z0-9_-]{1,24}");
    private static final String ROOM = "room:";
    private static final int MAX_TEXT = 500;

    private final SocketIoServer io;
    private final AtomicLong messageIds = new AtomicLong();

    ChatController(SocketIoServer io) {
        this.io = io;
    }

    @OnConnect
    public void connected() {
        announceUsers();
    }

    @OnEvent("join")
    public CompletableFuture<Object> join(Socket socket, String room) {
        if (room == null || !ROOM_NAME.matcher(room).matches()) {
            return CompletableFuture.completedFuture(
                    new Failure("room names are 1 to 24 characters: a-z, 0-9, - and _"));
        }
        socket.join(ROOM + room);
        return tellRoom(socket, room, true);
    }

    @OnEvent("leave")
    public CompletableFuture<Object> leave(Socket socket, String room) {
        if (room == null || !socket.rooms().contains(ROOM + room)) {
            return CompletableFuture.completedFuture(new Failure("not in #" + room));
        }
        socket.leave(ROOM + room);
        return tellRoom(socket, room, false);
    }

    /** Tells the room's other members who joined or left, and acks with the members now in it. */
    private CompletableFuture<Object> tellRoom(Socket socket, String room, boolean joined) {
        Member me = me(socket);
        return members(room).thenApply(members -> {
            socket.to(ROOM + room).emit("presence", new Presence(room, me.id(), me.nickname(), joined, members));
            return new Joined(room, members);
        });
    }

    @OnEvent("message")
    public Object message(Socket socket, Outgoing out) {
        if (out == null || out.text() == null || out.text().isBlank()) {
            return new Failure("empty message");
        }
        if (out.room() == null || !socket.rooms().contains(ROOM + out.room())) {
            return new Failure("join #" + out.room() + " first");
        }
        Message message = new Message(
                messageIds.incrementAndGet(), out.room(), me(socket), cut(out.text()), System.currentTimeMillis());
        socket.to(ROOM + out.room()).emit("message", message);
        return new Delivered(message.id(), message.time()); // the "✓" on the sender's page
    }

    @OnEvent("typing")
    public void typing(Socket socket, Typing typing) {
        if (typing != null && typing.room() != null && socket.rooms().contains(ROOM + typing.room())) {
            Member me = me(socket);
            socket.to(ROOM + typing.room())
                    .emit("typing", new TypingNotice(typing.room(), me.id(), me.nickname(), typing.typing()));
        }
    }

    @OnEvent("private")
    public CompletableFuture<Object> privateMessage(Socket socket, Private out) {
        if (out == null || out.to() == null || out.text() == null || out.text().isBlank()) {
            return CompletableFuture.completedFuture(new Failure("nothing to send"));
        }
        return io.in(out.to()).fetchSockets().thenApply(found -> {
            if (found.isEmpty()) {
                return new Failure("no such user");
            }
            io.to(out.to())
                    .emit("private", new PrivateMessage(me(socket), cut(out.text()), System.currentTimeMillis()));
            return new Delivered(0, System.currentTimeMillis());
        });
    }

    /** Still in its rooms here: each chat room hears that its member left. */
    @OnDisconnecting
    public void leaving(Socket socket) {
        Member me = me(socket);
        for (String room : socket.rooms()) {
            if (room.startsWith(ROOM)) {
                String name = room.substring(ROOM.length());
                members(name)
                        .thenAccept(members -> socket.to(room)
                                .emit(
                                        "presence",
                                        new Presence(
                                                name,
                                                me.id(),
                                                me.nickname(),
                                                false,
                                                members.stream()
                                                        .filter(m -> !m.id().equals(me.id()))
                                                        .toList())));
            }
        }
    }

    @OnDisconnect
    public void disconnected() {
        announceUsers();
    }

    private synchronized void announceUsers() {
        // counted through the adapter: the whole cluster's number when there is one
        // One count at a time: handlers of two sockets run in parallel, and two counts taken at once could be
        // emitted in the other order, leaving the older, smaller number on every screen (the local adapter
        // completes the fetch inline, so this lock orders count and emit together).
        io.fetchSockets().thenAccept(all -> io.emit("users", new Users(all.size())));
    }

    private CompletableFuture<List<Member>> members(String room) {
        return io.in(ROOM + room)
                .fetchSockets()
                .thenApply(sockets -> sockets.stream()
                        .map(s -> new Member(s.id(), nickname(s)))
                        .sorted(Comparator.comparing(Member::nickname, String.CASE_INSENSITIVE_ORDER))
                        .toList());
    }

    private static Member me(Socket socket) {
        return new Member(socket.id(), nickname(socket));
    }

    private static String nickname(RemoteSocket socket) {
        Object nickname = socket.data().get("nickname");
        return nickname == null ? "?" : nickname.toString();
    }

    private static String cut(String text) {
        String stripped = text.strip();
        return stripped.length() <= MAX_TEXT ? stripped : stripped.substring(0, MAX_TEXT);
    }
}
