package dev.sockeye.adminui.internal;

import dev.sockeye.server.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts to the admin namespace from one thread of its own, in the order the events happened: the listeners that
 * report sockets, rooms and events run inside the server (adapter callbacks, I/O threads) and must neither wait for
 * a broadcast nor re-enter an adapter from its own callback. Also runs the periodic tasks (stats).
 */
public final class AdminChannel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminChannel.class);
    /** JavaScript's {@code Date.toJSON()}: always three digits of milliseconds. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Namespace admin;
    private final ScheduledExecutorService thread;

    /** @param admin the admin namespace */
    public AdminChannel(Namespace admin) {
        this.admin = admin;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "sockeye-admin-ui");
            t.setDaemon(true); // as Node's unref'd timer: never keeps the JVM alive
            return t;
        });
    }

    /** A time as the UI gets it from Node's {@code new Date()}: {@code 2026-12-06T20:40:18.120Z}. */
    public static String date(Instant time) {
        return JS_DATE.format(time);
    }

    /** Broadcasts {@code event} to every admin socket of the cluster, soon, after what was posted before. */
    public void broadcast(String event, Object... args) {
        post(() -> admin.emit(event, args));
    }

    /** Runs {@code task} on the admin thread, after what was posted before. */
    public void post(Runnable task) {
        try {
            thread.execute(() -> run(task));
        } catch (RejectedExecutionException closed) {
            log.debug("admin channel closed: a report was dropped");
        }
    }

    /** Runs {@code task} now and then every {@code period}. */
    public void every(Duration period, Runnable task) {
        thread.scheduleAtFixedRate(() -> run(task), 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("Admin UI report failed", e);
        }
    }

    /** Stops the thread; what is still queued is dropped. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
