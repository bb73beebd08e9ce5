package dev.sockeye.examples;

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
import dev.sockeye.server.ConnectError;
import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What the chat does for each request of the page, shared by the two servers that wire it to their sockets:
 * {@link Chat} with handlers registered by hand, and the Spring Boot chat of examples/spring-chat with annotated
 * methods. Each request method returns the ack the page waits for, a {@link Failure} when the request cannot be done.
 *
 * <p>Chat rooms are Socket.IO rooms named {@code room:<name>}: the prefix keeps them apart from the room every socket
 * has under its own id, which private messages use. Who is in a room is asked from the adapter, so the answers span
 * a cluster too.
 */
public final class ChatService {

    private static final Pattern ROOM_NAME = Pattern.compile("[a-z0-9_-]{1,24}");
    private static final String ROOM = "room:";
    private static final int MAX_NICKNAME = 24;
    private static final int MAX_TEXT = 500;

    private final SocketIoServer io;
    private final AtomicLong messageIds = new AtomicLong();

    /**
     * The chat of one server.
     *
     * @param io the server
     */
    public ChatService(SocketIoServer io) {
        this.io = io;
    }

    /**
     * The connect middleware: every user connects with a nickname ({@code io({auth: {nickname}})}), kept in the
     * socket's data, so a page that reconnects is the same user again.
     *
     * @param socket the connecting socket
     * @param next   how the middleware answers
     */
    public static void requireNickname(Socket socket, ConnectMiddleware.Next next) {
        String nickname =
                socket.handshake().auth().path("nickname").asString("").strip();
        if (nickname.isEmpty()) {
            next.fail(new ConnectError("nickname required"));
            return;
        }
        socket.data().put("nickname", truncate(nickname, MAX_NICKNAME));
        next.proceed();
    }

    /** Tells every page how many users are connected: on each connect and each disconnect. */
    public synchronized void announceUsers() {
        // counted through the adapter, so the number is the whole cluster's when there is one
        // One count at a time: handlers of two sockets run in parallel, and two counts taken at once could be
        // emitted in the other order, leaving the older, smaller number on every screen (the local adapter
        // completes the fetch inline, so this lock orders count and emit together).
        io.fetchSockets().thenAccept(all -> io.emit("users", new Users(all.size())));
    }

    /**
     * Joins a chat room.
     *
     * @param socket the user's socket
     * @param room   the room's name
     * @return the ack: {@link Joined} with the members now, or a {@link Failure}
     */
    public CompletableFuture<Object> join(Socket socket, String room) {
        if (room == null || !ROOM_NAME.matcher(room).matches()) {
            return CompletableFuture.completedFuture(
                    new Failure("room names are 1 to 24 characters: a-z, 0-9, - and _"));
        }
        socket.join(ROOM + room);
        return tellRoom(socket, room, true);
    }

    /**
     * Leaves a chat room.
     *
     * @param socket the user's socket
     * @param room   the room's name
     * @return the ack: {@link Joined} with the members now, or a {@link Failure}
     */
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

    /**
     * Sends a message to a room the user is in.
     *
     * @param socket the user's socket
     * @param out    the message
     * @return the ack: {@link Delivered} (the "✓" on the sender's page), or a {@link Failure}
     */
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
        return new Delivered(message.id(), message.time());
    }

    /**
     * Tells a room the user is in that they started or stopped typing.
     *
     * @param socket the user's socket
     * @param typing the room and whether they type
     */
    public void typing(Socket socket, Typing typing) {
        if (typing != null && typing.room() != null && socket.rooms().contains(ROOM + typing.room())) {
            Member me = me(socket);
            socket.to(ROOM + typing.room())
                    .emit("typing", new TypingNotice(typing.room(), me.id(), me.nickname(), typing.typing()));
        }
    }

    /**
     * Sends a private message to one socket id.
     *
     * @param socket the sender's socket
     * @param out    the receiver and the text
     * @return the ack: {@link Delivered}, or a {@link Failure}
     */
    public CompletableFuture<Object> privateMessage(Socket socket, Private out) {
        if (out == null || out.to() == null || out.text() == null || out.text().isBlank()) {
            return CompletableFuture.completedFuture(new Failure("nothing to send"));
        }
        // Every socket is in the room named after its id: that is how one socket is reached,
        // on this server or on another one of the cluster.
        return io.in(out.to()).fetchSockets().thenApply(found -> {
            if (found.isEmpty()) {
                return new Failure("no such user");
            }
            io.to(out.to())
                    .emit("private", new PrivateMessage(me(socket), cut(out.text()), System.currentTimeMillis()));
            return new Delivered(0, System.currentTimeMillis());
        });
    }

    /**
     * Tells each chat room of a disconnecting user that its member left; call it while the socket is still in its
     * rooms (a disconnecting handler).
     *
     * @param socket the user's socket
     */
    public void leaving(Socket socket) {
        Member me = me(socket);
        for (String room : socket.rooms()) {
            if (room.startsWith(ROOM)) {
                String name = room.substring(ROOM.length());
                members(name).thenAccept(members -> {
                    List<Member> others = members.stream()
                            .filter(m -> !m.id().equals(me.id()))
                            .toList();
                    socket.to(room).emit("presence", new Presence(name, me.id(), me.nickname(), false, others));
                });
            }
        }
    }

    /** The members of a chat room, from the adapter (so it works across a cluster too). */
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
        return truncate(text.strip(), MAX_TEXT);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
