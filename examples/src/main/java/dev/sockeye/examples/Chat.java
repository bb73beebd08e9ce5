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
import dev.sockeye.server.RemoteSocket;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The chat's Socket.IO side: what the page (examples/chat/app.js) sends and receives.
 *
 * <pre>
 * client → server   join(room, ack)  leave(room, ack)  message({room, text}, ack)  typing({room, typing})
 *                   private({to, text}, ack)
 * server → client   users({count})  presence({room, id, nickname, joined, members})  message({id, room, from, text, time})
 *                   typing({room, id, nickname, typing})  private({from, text, time})  shutdown({message}, ack)
 * </pre>
 *
 * <p>The nickname comes with the connection ({@code io({auth: {nickname}})}), so a page that reconnects is the same
 * user again. Chat rooms are Socket.IO rooms named {@code room:<name>}: the prefix keeps them apart from the room
 * every socket has under its own id, which private messages use.
 */
public final class Chat {

    private static final Pattern ROOM_NAME = Pattern.compile("[a-z0-9_-]{1,24}");
    private static final String ROOM = "room:";
    private static final int MAX_NICKNAME = 24;
    private static final int MAX_TEXT = 500;

    private final SocketIoServer io;
    private final AtomicLong messageIds = new AtomicLong();

    private Chat(SocketIoServer io) {
        this.io = io;
    }

    /**
     * Installs the chat on a server: a middleware that wants a nickname, and the event handlers of every socket.
     *
     * @param io the server
     */
    public static void install(SocketIoServer io) {
        Chat chat = new Chat(io);
        io.use((socket, next) -> {
            String nickname =
                    socket.handshake().auth().path("nickname").asString("").strip();
            if (nickname.isEmpty()) {
                next.fail(new ConnectError("nickname required"));
                return;
            }
            socket.data().put("nickname", truncate(nickname, MAX_NICKNAME));
            next.proceed();
        });
        io.onConnection(chat::connected);
    }

    private void connected(Socket socket) {
        Member me = new Member(socket.id(), (String) socket.data().get("nickname"));
        announceUsers();

        socket.on("join", String.class, (room, ack) -> {
            if (room == null || !ROOM_NAME.matcher(room).matches()) {
                ack.send(new Failure("room names are 1 to 24 characters: a-z, 0-9, - and _"));
                return;
            }
            socket.join(ROOM + room);
            members(room).thenAccept(members -> {
                socket.to(ROOM + room).emit("presence", new Presence(room, me.id(), me.nickname(), true, members));
                ack.send(new Joined(room, members));
            });
        });

        socket.on("leave", String.class, (room, ack) -> {
            if (room == null || !socket.rooms().contains(ROOM + room)) {
                ack.send(new Failure("not in #" + room));
                return;
            }
            socket.leave(ROOM + room);
            members(room).thenAccept(members -> {
                socket.to(ROOM + room).emit("presence", new Presence(room, me.id(), me.nickname(), false, members));
                ack.send(new Joined(room, members));
            });
        });

        socket.on("message", Outgoing.class, (out, ack) -> {
            String problem = check(socket, out == null ? null : out.room(), out == null ? null : out.text());
            if (problem != null) {
                ack.send(new Failure(problem));
                return;
            }
            Message message = new Message(
                    messageIds.incrementAndGet(),
                    out.room(),
                    me,
                    truncate(out.text().strip(), MAX_TEXT),
                    System.currentTimeMillis());
            socket.to(ROOM + out.room()).emit("message", message);
            // The ack is the "✓ delivered" on the sender's page.
            ack.send(new Delivered(message.id(), message.time()));
        });

        socket.on("typing", Typing.class, typing -> {
            if (typing != null && typing.room() != null && socket.rooms().contains(ROOM + typing.room())) {
                socket.to(ROOM + typing.room())
                        .emit("typing", new TypingNotice(typing.room(), me.id(), me.nickname(), typing.typing()));
            }
        });

        socket.on("private", Private.class, (out, ack) -> {
            if (out == null
                    || out.to() == null
                    || out.text() == null
                    || out.text().isBlank()) {
                ack.send(new Failure("nothing to send"));
                return;
            }
            // Every socket is in the room named after its id: that is how one socket is reached,
            // on this server or on another one of the cluster.
            io.in(out.to()).fetchSockets().thenAccept(found -> {
                if (found.isEmpty()) {
                    ack.send(new Failure("no such user"));
                    return;
                }
                io.to(out.to())
                        .emit(
                                "private",
                                new PrivateMessage(
                                        me, truncate(out.text().strip(), MAX_TEXT), System.currentTimeMillis()));
                ack.send(new Delivered(0, System.currentTimeMillis()));
            });
        });

        // Rooms are still readable while disconnecting: tell each chat room its member left.
        socket.onDisconnecting(reason -> {
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
        });
        socket.onDisconnect(reason -> announceUsers());
    }

    private synchronized void announceUsers() {
        // counted through the adapter, so the number is the whole cluster's when there is one
        // One count at a time: handlers of two sockets run in parallel, and two counts taken at once could be
        // emitted in the other order, leaving the older, smaller number on every screen (the local adapter
        // completes the fetch inline, so this lock orders count and emit together).
        io.fetchSockets().thenAccept(all -> io.emit("users", new Users(all.size())));
    }

    /** The members of a chat room, from the adapter (so it would work across a cluster too). */
    private CompletableFuture<List<Member>> members(String room) {
        return io.in(ROOM + room)
                .fetchSockets()
                .thenApply(sockets -> sockets.stream()
                        .map(s -> new Member(s.id(), nickname(s)))
                        .sorted((a, b) -> a.nickname().compareToIgnoreCase(b.nickname()))
                        .toList());
    }

    private static String nickname(RemoteSocket socket) {
        Object nickname = socket.data().get("nickname");
        return nickname == null ? "?" : nickname.toString();
    }

    /** Why a message cannot go to a room, or null when it can. */
    private static String check(Socket socket, String room, String text) {
        if (text == null || text.isBlank()) {
            return "empty message";
        }
        if (room == null || !socket.rooms().contains(ROOM + room)) {
            return "join #" + room + " first";
        }
        return null;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
