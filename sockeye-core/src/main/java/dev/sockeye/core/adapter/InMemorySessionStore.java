package dev.sockeye.core.adapter;

import dev.sockeye.core.adapter.internal.TreeSize;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The built-in {@link SessionStore}, in this JVM's memory: Node's {@code SessionAwareAdapter}
 * store, for one node. One store serves every namespace of a server.
 *
 * <h2>Bounds</h2>
 * <ul>
 *   <li>Time, as Node: a session is kept {@code maxDisconnectionDuration} after its socket
 *       disconnected, a packet {@code maxDisconnectionDuration} after it was broadcast.</li>
 *   <li>Memory, which Node does not bound: past {@code maxRetainedBytes} (an estimate of the heap
 *       the kept packet trees take, all namespaces together) the oldest packets are dropped. A
 *       client whose last offset was dropped is not recovered: it gets a new session, as after an
 *       expiry. A single packet larger than the bound is not kept at all.</li>
 * </ul>
 * Expired entries are dropped as the store is used (each append, persist and restore), with no
 * thread of its own; between uses the store keeps at most {@code maxRetainedBytes} of packets.
 * Sessions are bounded by time only: each holds the rooms and {@code data} its socket held.
 *
 * <h2>Offsets</h2>
 * A counter, written in base 36, that starts from the clock's microseconds when the store is made,
 * so that an offset of an earlier run never names a packet of this one.
 */
public final class InMemorySessionStore implements SessionStore {

    private final long maxAgeMillis;
    private final long maxRetainedBytes;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final NavigableMap<Long, Kept> packets = new TreeMap<>();
    /** In persist order, so that the oldest are first. */
    private final LinkedHashMap<SessionKey, Disconnected> sessions = new LinkedHashMap<>();

    private long retainedBytes;
    private long lastOffset;

    /**
     * A store with these bounds and the system clock.
     *
     * @param recovery its {@code maxDisconnectionDuration} and {@code maxRetainedBytes}
     */
    public InMemorySessionStore(ConnectionStateRecovery recovery) {
        this(recovery.maxDisconnectionDuration(), recovery.maxRetainedBytes(), InstantSource.system());
    }

    /**
     * A store with these bounds and clock (a test can move time on).
     *
     * @param maxDisconnectionDuration how long sessions and packets are kept
     * @param maxRetainedBytes         the bound of the packets' estimated heap size
     * @param clock                    the time source
     */
    public InMemorySessionStore(Duration maxDisconnectionDuration, long maxRetainedBytes, InstantSource clock) {
        if (maxDisconnectionDuration.isNegative() || maxDisconnectionDuration.isZero()) {
            throw new IllegalArgumentException("maxDisconnectionDuration must be positive");
        }
        if (maxRetainedBytes <= 0) {
            throw new IllegalArgumentException("maxRetainedBytes must be positive");
        }
        this.maxAgeMillis = maxDisconnectionDuration.toMillis();
        this.maxRetainedBytes = maxRetainedBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastOffset = clock.millis() * 1000;
    }

    @Override
    public String append(String nsp, ArrayNode data, BroadcastOptions opts) {
        lock.lock();
        try {
            long now = clock.millis();
            long offset = ++lastOffset;
            String text = Long.toString(offset, Character.MAX_RADIX);
            data.add(text);
            long size = TreeSize.of(data)
                    + opts.rooms().size() * 64L
                    + opts.except().size() * 64L;
            packets.put(offset, new Kept(nsp, data, opts, now, size));
            retainedBytes += size;
            dropExpired(now);
            while (retainedBytes > maxRetainedBytes && !packets.isEmpty()) {
                retainedBytes -= packets.pollFirstEntry().getValue().size;
            }
            return text;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void persist(String nsp, SessionToPersist session) {
        lock.lock();
        try {
            long now = clock.millis();
            SessionKey key = new SessionKey(nsp, session.pid());
            sessions.remove(key); // re-inserted last: the map stays in persist order
            sessions.put(key, new Disconnected(session, now));
            dropExpired(now);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Session> restore(String nsp, String pid, String offset) {
        lock.lock();
        try {
            dropExpired(clock.millis());
            // Taken out whatever follows: a session is restored at most once, and a wrong offset spends it.
            Disconnected session = sessions.remove(new SessionKey(nsp, pid));
            Long from = parseOffset(offset);
            if (session == null || from == null || !packets.containsKey(from)) {
                return CompletableFuture.completedFuture(null);
            }
            List<JsonNode> missed = new ArrayList<>();
            for (Kept packet : packets.tailMap(from, false).values()) {
                if (packet.nsp.equals(nsp) && packet.opts.reaches(session.state.rooms())) {
                    missed.add(packet.data);
                }
            }
            return CompletableFuture.completedFuture(new Session(session.state, missed));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The estimated heap size of the packets kept now, at most {@code maxRetainedBytes}.
     *
     * @return bytes
     */
    public long retainedBytes() {
        lock.lock();
        try {
            return retainedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Drops the sessions and packets older than the bound; holding the lock. */
    private void dropExpired(long now) {
        long threshold = now - maxAgeMillis;
        Iterator<Disconnected> oldest = sessions.values().iterator();
        while (oldest.hasNext() && oldest.next().disconnectedAt < threshold) {
            oldest.remove();
        }
        Map.Entry<Long, Kept> first;
        while ((first = packets.firstEntry()) != null && first.getValue().emittedAt < threshold) {
            packets.pollFirstEntry();
            retainedBytes -= first.getValue().size;
        }
    }

    /** The counter of an offset of this store, or null for anything else (clients send what they like). */
    private static Long parseOffset(String offset) {
        if (offset == null || offset.isEmpty() || offset.length() > 13) {
            return null;
        }
        for (int i = 0; i < offset.length(); i++) {
            char c = offset.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return null;
            }
        }
        try {
            return Long.parseLong(offset, Character.MAX_RADIX);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A session is found by its namespace and pid: a pid never opens another namespace's session. */
    private record SessionKey(String nsp, String pid) {
        @Override
        public String toString() {
            return "SessionKey[" + nsp + "]"; // the pid is a credential
        }
    }

    private record Disconnected(SessionToPersist state, long disconnectedAt) {}

    private record Kept(String nsp, JsonNode data, BroadcastOptions opts, long emittedAt, long size) {}
}
