package dev.sockeye.bench.limit;

import dev.sockeye.bench.BenchServer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The limit server's protocol, on the event loops: the Engine.IO open packet after the WebSocket handshake, the
 * CONNECT reply, and the contract's events read from the frame's bytes without a JSON parser.
 */
@ChannelHandler.Sharable
final class LimitHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    /** Ticks handed over per step of a full-speed broadcast before the loop lets other work run. */
    private static final int UNPACED_BATCH = 64;

    private static final AttributeKey<List<String>> ROOMS = AttributeKey.valueOf("limit.rooms");
    /** The socket id of the CONNECT reply, set once connected to "/". */
    private static final AttributeKey<String> CONNECTED = AttributeKey.valueOf("limit.connected");

    private static final byte[] ECHO = "\"echo\"".getBytes(StandardCharsets.US_ASCII);

    private final LimitServer server;
    private final AtomicLong ids = new AtomicLong();
    private final long pid = ProcessHandle.current().pid();

    LimitHandler(LimitServer server) {
        this.server = server;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            ctx.writeAndFlush(LimitServer.text("0{\"sid\":\"" + nextId() + "\",\"upgrades\":[],\"pingInterval\":25000,"
                    + "\"pingTimeout\":20000,\"maxPayload\":1000000}"));
        }
        super.userEventTriggered(ctx, event);
    }

    private String nextId() {
        return String.format("L%019d", ids.incrementAndGet());
    }

    /** Replies are written as the frames are read and flushed once per read batch, as Sockeye does. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(CONNECTED).getAndSet(null) != null) {
            server.connections().decrementAndGet();
        }
        List<String> joined = ctx.channel().attr(ROOMS).getAndSet(null);
        if (joined != null) {
            for (String name : joined) {
                server.rooms().room(name).leave(ctx.channel());
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
        ByteBuf in = frame.content();
        int start = in.readerIndex();
        int length = in.readableBytes();
        if (length >= 2 && in.getByte(start) == '4' && in.getByte(start + 1) == '0') {
            String sid = nextId();
            if (ctx.channel().attr(CONNECTED).setIfAbsent(sid) == null) {
                server.connections().incrementAndGet();
            }
            ctx.write(LimitServer.text("40{\"sid\":\"" + sid + "\"}"));
        } else if (length >= 3 && in.getByte(start) == '4' && in.getByte(start + 1) == '2') {
            onEvent(ctx, in, start, start + length);
        }
        // "3" (pong) and the rest: nothing to do
    }

    /** {@code 42[id]["name"(,args)*]}: the ack id's digits, then the name between the first two quotes. */
    private void onEvent(ChannelHandlerContext ctx, ByteBuf in, int start, int end) {
        int i = start + 2;
        long ackId = -1;
        while (i < end && Character.isDigit(in.getByte(i))) {
            ackId = (ackId < 0 ? 0 : ackId * 10) + (in.getByte(i) - '0');
            i++;
        }
        int open = i; // '['
        int nameEnd = in.indexOf(open + 2, end, (byte) '"');
        if (nameEnd < 0 || in.getByte(open) != '[' || in.getByte(open + 1) != '"') {
            return;
        }
        int argsStart =
                nameEnd + 1 < end && in.getByte(nameEnd + 1) == ',' ? nameEnd + 2 : nameEnd + 1; // at ']' if none
        if (hasAt(in, open + 1, ECHO)) {
            echo(ctx, in, start, open, argsStart, end, ackId);
            return;
        }
        String name = in.toString(open + 2, nameEnd - open - 2, StandardCharsets.UTF_8);
        String args = in.toString(argsStart, Math.max(0, end - 1 - argsStart), StandardCharsets.UTF_8);
        switch (name) {
            case "join" -> ack(ctx, ackId, Integer.toString(join(ctx, stringArg(args))));
            case "leave" -> ack(ctx, ackId, Integer.toString(leave(ctx, stringArg(args))));
            case "broadcast" -> broadcast(ctx, args, ackId);
            case "stats" ->
                ack(
                        ctx,
                        ackId,
                        "{\"pid\":" + pid + ",\"connections\":"
                                + server.connections().get() + ",\"rss\":" + BenchServer.rss() + "}");
            case "gc" -> {
                System.gc();
                ack(ctx, ackId, "true");
            }
            case "servers" -> ack(ctx, ackId, "1"); // never a cluster
            case "fetch" -> ack(ctx, ackId, fetch(stringField(args, "room")));
            default -> {} // not in the limit server's part of the contract
        }
    }

    /**
     * The ack is the event's bytes with {@code 42} made {@code 43} and {@code "echo",} cut out: one copy into one
     * buffer; without an ack id the event goes back as it came.
     */
    private static void echo(
            ChannelHandlerContext ctx, ByteBuf in, int start, int open, int argsStart, int end, long ackId) {
        if (ackId < 0) {
            ctx.write(new TextWebSocketFrame(in.retainedSlice(start, end - start)));
            return;
        }
        ByteBuf out = ctx.alloc().buffer(end - start);
        out.writeByte('4').writeByte('3');
        out.writeBytes(in, start + 2, open - start - 2); // the ack id's digits
        out.writeByte('[');
        out.writeBytes(in, argsStart, end - argsStart); // the arguments and the closing ']'
        ctx.write(new TextWebSocketFrame(out));
    }

    private static boolean hasAt(ByteBuf in, int at, byte[] expected) {
        if (at + expected.length > in.writerIndex()) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (in.getByte(at + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static void ack(ChannelHandlerContext ctx, long ackId, String json) {
        if (ackId >= 0) {
            ctx.writeAndFlush(LimitServer.text("43" + ackId + "[" + json + "]"));
        }
    }

    private int join(ChannelHandlerContext ctx, String room) {
        List<String> joined = ctx.channel().attr(ROOMS).get();
        if (joined == null) {
            joined = new ArrayList<>(1);
            ctx.channel().attr(ROOMS).set(joined);
        }
        if (!joined.contains(room)) {
            joined.add(room);
        }
        return server.rooms().room(room).join(ctx.channel());
    }

    private int leave(ChannelHandlerContext ctx, String room) {
        List<String> joined = ctx.channel().attr(ROOMS).get();
        if (joined != null) {
            joined.remove(room);
        }
        Rooms.Room found = server.rooms().find(room);
        return found == null ? 0 : found.leave(ctx.channel());
    }

    /** The sorted socket ids of a room's members, as a JSON array (read across event loops: for checks only). */
    private String fetch(String room) {
        Rooms.Room found = server.rooms().find(room);
        List<String> ids = new ArrayList<>();
        if (found != null) {
            found.forEachChannel(
                    channel -> ids.add("\"" + channel.attr(CONNECTED).get() + "\""));
        }
        ids.sort(null);
        return "[" + String.join(",", ids) + "]";
    }

    /** {@code "room"} → {@code room} (the loadgen's room names need no unescaping). */
    private static String stringArg(String args) {
        String trimmed = args.strip();
        return trimmed.length() >= 2 && trimmed.charAt(0) == '"' ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    /** Catch-up pacing at {@code rate} per second, or batches at full speed; then the ack {@code {sent, ms}}. */
    private void broadcast(ChannelHandlerContext ctx, String opts, long ackId) {
        Rooms.Room room = server.rooms().room(stringField(opts, "room"));
        // beyond the contract, for run-limits.sh's union case: {"rooms":[a,b],"except":[c]} is to(a).to(b).except(c)
        List<Rooms.Room> union = roomsField(opts, "rooms");
        List<Rooms.Room> except = roomsField(opts, "except");
        int count = (int) numberField(opts, "count");
        String pad = "x".repeat((int) numberField(opts, "size"));
        double rate = numberField(opts, "rate");
        EventLoop loop = ctx.channel().eventLoop();
        long start = System.nanoTime();
        Runnable step = new Runnable() {
            int seq;

            @Override
            public void run() {
                int due = rate > 0
                        ? (int) Math.min(count, Math.floor((System.nanoTime() - start) / 1e9 * rate) + 1)
                        : Math.min(count, seq + UNPACED_BATCH);
                List<ByteBuf> frames = new ArrayList<>(due - seq);
                while (seq < due) {
                    byte[] tick = ("42[\"tick\",{\"seq\":" + seq + ",\"t\":" + BenchServer.nowMicros() + ",\"p\":\""
                                    + pad + "\"}]")
                            .getBytes(StandardCharsets.US_ASCII);
                    frames.add(LimitServer.framed(tick));
                    seq++;
                }
                if (!frames.isEmpty() && union.isEmpty()) {
                    LimitServer.writeToAll(room, frames);
                } else if (!frames.isEmpty()) {
                    Rooms.writeToUnion(union, except, loop.parent(), frames);
                }
                if (seq >= count) {
                    ack(
                            ctx,
                            ackId,
                            "{\"sent\":" + count + ",\"ms\":" + Math.round((System.nanoTime() - start) / 1e6) + "}");
                } else if (rate > 0) {
                    loop.schedule(this, 1, TimeUnit.MILLISECONDS);
                } else if (room.writable()) {
                    loop.execute(this);
                } else {
                    loop.schedule(this, 1, TimeUnit.MILLISECONDS);
                }
            }
        };
        step.run();
    }

    private static String stringField(String json, String name) {
        int at = json.indexOf("\"" + name + "\":\"");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 4;
        return json.substring(from, json.indexOf('"', from));
    }

    /** {@code "name":["a","b"]} as rooms (made on first use), empty when absent. */
    private List<Rooms.Room> roomsField(String json, String name) {
        List<Rooms.Room> rooms = new ArrayList<>();
        int at = json.indexOf("\"" + name + "\":[");
        if (at >= 0) {
            String list = json.substring(at + name.length() + 4, json.indexOf(']', at));
            for (String item : list.split(",")) {
                if (!item.isBlank()) {
                    rooms.add(server.rooms().room(stringArg(item)));
                }
            }
        }
        return rooms;
    }

    private static double numberField(String json, String name) {
        int at = json.indexOf("\"" + name + "\":");
        if (at < 0) {
            return 0;
        }
        int from = at + name.length() + 3;
        int to = from;
        while (to < json.length() && "-+.0123456789eE".indexOf(json.charAt(to)) >= 0) {
            to++;
        }
        return to > from ? Double.parseDouble(json.substring(from, to)) : 0;
    }
}
