package dev.sockeye.bench.limit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The limit server's rooms: each room's members kept per event loop, so that a broadcast is one task per event loop
 * and each member list is touched by its own loop only (joins, leaves and writes all happen there).
 */
final class Rooms {
    private final ConcurrentHashMap<String, Room> byName = new ConcurrentHashMap<>();

    /** The room of that name, made on first use. */
    Room room(String name) {
        return byName.computeIfAbsent(name, n -> new Room());
    }

    /** The room of that name, or null when nobody ever joined it. */
    Room find(String name) {
        return byName.get(name);
    }

    /** One room: its members per event loop and its size. */
    static final class Room {
        private final ConcurrentHashMap<EventLoop, LoopMembers> loops = new ConcurrentHashMap<>();
        private final AtomicInteger size = new AtomicInteger();

        /** Adds a channel, on the channel's event loop; returns the size after. */
        int join(Channel channel) {
            LoopMembers members = loops.computeIfAbsent(channel.eventLoop(), LoopMembers::new);
            return members.channels.contains(channel) ? size.get() : addTo(members, channel);
        }

        private int addTo(LoopMembers members, Channel channel) {
            members.channels.add(channel);
            return size.incrementAndGet();
        }

        /** Removes a channel, on the channel's event loop; returns the size after. */
        int leave(Channel channel) {
            LoopMembers members = loops.get(channel.eventLoop());
            return members != null && members.channels.remove(channel) ? size.decrementAndGet() : size.get();
        }

        int size() {
            return size.get();
        }

        Collection<LoopMembers> byLoop() {
            return loops.values();
        }

        /** Whether every member can take more output now (a full-speed broadcast waits otherwise). */
        boolean writable() {
            boolean[] all = {true};
            forEachChannel(channel -> all[0] &= channel.isWritable());
            return all[0];
        }

        /**
         * Every member, read from any thread: the lists belong to their event loops, so a member that joins or
         * leaves meanwhile may be missed or seen; good for pacing and checks, never for delivery.
         */
        void forEachChannel(Consumer<Channel> action) {
            for (LoopMembers members : loops.values()) {
                for (Channel channel : members.channels.toArray(new Channel[0])) {
                    if (channel != null) {
                        action.accept(channel);
                    }
                }
            }
        }
    }

    /**
     * Writes the frame to the members of any of {@code to} that are in none of {@code except}, each once: every
     * event loop works out its own share of that set (its member lists are its own) and writes to it. Takes over
     * the buffer.
     */
    static void writeToUnion(List<Room> to, List<Room> except, Iterable<EventExecutor> loops, List<ByteBuf> frames) {
        for (EventExecutor loop : loops) {
            List<ByteBuf> mine = new ArrayList<>(frames.size());
            for (ByteBuf frame : frames) {
                mine.add(frame.retainedDuplicate());
            }
            Runnable write = () -> {
                Set<Channel> targets = new LinkedHashSet<>();
                for (Room room : to) {
                    LoopMembers members = room.loops.get(loop);
                    if (members != null) {
                        targets.addAll(members.channels);
                    }
                }
                for (Room room : except) {
                    LoopMembers members = room.loops.get(loop);
                    if (members != null) {
                        targets.removeAll(members.channels);
                    }
                }
                writeEach(targets, mine);
            };
            if (loop.inEventLoop()) {
                write.run();
            } else {
                loop.execute(write);
            }
        }
        frames.forEach(ByteBuf::release);
    }

    /** Writes every frame to every channel, then flushes each channel once; releases the frames. */
    private static void writeEach(Collection<Channel> channels, List<ByteBuf> frames) {
        for (Channel channel : channels) {
            for (ByteBuf frame : frames) {
                channel.write(frame.retainedDuplicate(), channel.voidPromise());
            }
            channel.flush();
        }
        frames.forEach(ByteBuf::release);
    }

    /** The members of one room that one event loop serves; touched by that loop only. */
    static final class LoopMembers {
        private final EventLoop loop;
        private final List<Channel> channels = new ArrayList<>();

        LoopMembers(EventLoop loop) {
            this.loop = loop;
        }

        EventLoop loop() {
            return loop;
        }

        /** Writes the frames to every member, flushing each once; on {@link #loop()}; takes over the buffers. */
        void write(List<ByteBuf> frames) {
            writeEach(channels, frames);
        }
    }
}
