package dev.sockeye.servlet.internal;

import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.HttpServletRequest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The earliest a request can have arrived ({@link dev.sockeye.engine.spi.PollingExchange#arrivalNanos()}), as the
 * Netty front reckons it: for a request on a connection that already carried an exchange, the end of that
 * exchange (a client writes its next request on a kept-alive connection only after reading the previous
 * answer). The time the servlet is called is later than the arrival by however long the container's
 * threads took to get to it, and a container serves the requests of two connections in either order: a poll
 * and a close packet sent together on two connections could otherwise reach the engine, and be judged, in the
 * other order than they came. Connections are told apart by {@link ServletConnection#getConnectionId()}; a new
 * connection's first request gets the call time, since containers give no accept time.
 */
final class ConnectionArrivals {
    /** Past this, a connection's last exchange says nothing useful about its next request: the call time is used. */
    private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How many exchange ends between two sweeps of the entries of connections that carried no request since. */
    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentHashMap<String, Long> lastEnded = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    /**
     * When a request on {@code connection}, which reached the servlet at {@code calledAt}, arrived at the earliest.
     *
     * @param connection its connection's id ({@link #connectionId}), or {@code null}
     * @param calledAt   when the servlet was called, on the {@link System#nanoTime()} clock
     * @return the arrival time to hand the engine
     */
    long arrival(String connection, long calledAt) {
        Long ended = connection == null ? null : lastEnded.remove(connection);
        return ended != null && calledAt - ended < MAX_AGE_NANOS ? ended : calledAt;
    }

    /** An exchange on {@code connection} is being answered: the next request on it comes after now. */
    void ended(String connection) {
        if (connection == null) {
            return;
        }
        long now = System.nanoTime();
        lastEnded.put(connection, now);
        if (untilSweep.decrementAndGet() <= 0) {
            untilSweep.set(SWEEP_EVERY);
            lastEnded.values().removeIf(at -> now - at >= MAX_AGE_NANOS);
        }
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
