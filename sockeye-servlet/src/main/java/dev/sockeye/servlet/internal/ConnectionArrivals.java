package dev.sockeye.servlet.internal;

import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The earliest a request can have arrived ({@link dev.sockeye.engine.spi.PollingExchange#arrivalNanos()}), from what
 * the servlet front saw before it, since containers give no accept time. The time the servlet is called is later than
 * the arrival by however long the container's threads took to get to it, and a container serves the requests of two
 * connections in either order: a poll and a close packet sent together on two connections could otherwise reach the
 * engine, and be judged, in the other order than they came. Two bounds, the later one wins:
 * <ul>
 *   <li>the connection's: a client writes its next request on a kept-alive connection only after reading the answer
 *       to the previous one, so such a request arrived after that exchange ended (as the Netty front reckons it;
 *       connections told apart by {@link ServletConnection#getConnectionId()});</li>
 *   <li>the session's: a client sends a request for a session after reading the answer to that session's last GET
 *       (its handshake, or a poll: only one poll is out at a time, and a pong answers the ping a poll carried), so a
 *       request on a connection idle since an older exchange, or on a new connection, is not judged earlier than
 *       that answer. Without it a close packet or a pong posted on a connection left idle by an earlier session
 *       would count as older than a poll sent with it (the poll then gets {@code 400}), or the pong as older than
 *       its ping (the session then times out). A POST's answer bounds nothing of the session's: the client polls
 *       beside a POST without waiting for its answer.</li>
 * </ul>
 * Two requests of one session bounded by the same answer were sent together; a POST among them counts as after a
 * GET (+1 ns): the client keeps a poll waiting and writes beside it, and a close packet sent with a poll must let the
 * poll have its noop, as on a server that reads in arrival order. A request with no bound gets the call time.
 */
final class ConnectionArrivals {
    /** Past this, a connection's or a session's last exchange says nothing useful about the next request: the call time is used. */
    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How many exchange ends between two sweeps of the entries of connections and sessions that carried no request since. */
    private static final int SWEEP_EVERY = 1024;

    private static final String SID_FIELD = "\"sid\":\"";

    private final ConcurrentHashMap<String, Long> connectionEnded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> sessionAnswered = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    /**
     * When a request, which reached the servlet at {@code calledAt}, arrived at the earliest.
     *
     * @param connection its connection's id ({@link #connectionId}), or {@code null}
     * @param sid        the session it names, or {@code null} (a handshake)
     * @param post       whether it is a POST
     * @param calledAt   when the servlet was called, on the {@link System#nanoTime()} clock
     * @return the arrival time to hand the engine
     */
    long arrival(String connection, String sid, boolean post, long calledAt) {
        Long ended = connection == null ? null : connectionEnded.remove(connection);
        Long answered = sid == null ? null : sessionAnswered.get(sid);
        Long bound = later(fresh(ended, calledAt), fresh(answered, calledAt));
        if (bound == null) {
            return calledAt;
        }
        long arrival = post ? bound + 1 : bound;
        return arrival - calledAt < 0 ? arrival : calledAt; // nanoTime: compare by difference
    }

    /**
     * An exchange on {@code connection} for session {@code sid} is being answered with {@code body}: the next request
     * on that connection comes after now, and so does the next request for that session when the exchange is a GET.
     * A handshake's answer names its session in its open packet ({@code 0{"sid":"…",…}}), where it is read.
     */
    void answered(String connection, String sid, boolean post, byte[] body) {
        long now = System.nanoTime();
        if (connection != null) {
            connectionEnded.put(connection, now);
        }
        String session = post ? null : sid != null ? sid : handshakeSid(body);
        if (session != null) {
            sessionAnswered.put(session, now);
        }
        if (untilSweep.decrementAndGet() <= 0) {
            untilSweep.set(SWEEP_EVERY);
            connectionEnded.values().removeIf(at -> now - at >= MAX_AGE_NANOS);
            sessionAnswered.values().removeIf(at -> now - at >= MAX_AGE_NANOS);
        }
    }

    /** {@code at} when it is within {@link #MAX_AGE_NANOS} before {@code calledAt}, else {@code null}. */
    private static Long fresh(Long at, long calledAt) {
        return at != null && calledAt - at < MAX_AGE_NANOS ? at : null;
    }

    /** The later of two optional bounds, {@code null} when neither is there. */
    private static Long later(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null || a - b >= 0 ? a : b;
    }

    /** The sid in the open packet an Engine.IO handshake answers with, or {@code null} when {@code body} is not one. */
    static String handshakeSid(byte[] body) {
        if (body.length < 2 || body[0] != '0' || body[1] != '{') {
            return null;
        }
        // the open packet comes first and is short: its sid sits in its first few hundred bytes
        String head = new String(body, 0, Math.min(body.length, 512), StandardCharsets.ISO_8859_1);
        int start = head.indexOf(SID_FIELD);
        if (start < 0) {
            return null;
        }
        start += SID_FIELD.length();
        int end = head.indexOf('"', start);
        return end < 0 ? null : head.substring(start, end);
    }

    /** The id of the connection {@code request} came on, or {@code null} when the container does not say. */
    static String connectionId(HttpServletRequest request) {
        try {
            ServletConnection connection = request.getServletConnection();
            return connection == null ? null : connection.getConnectionId();
        } catch (RuntimeException e) {
            return null; // a container that does not implement it
        }
    }
}
