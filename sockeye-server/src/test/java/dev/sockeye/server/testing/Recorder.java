package dev.sockeye.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Collects events from any thread; a test takes them in order with a timeout (okhttp's
 * {@code WebSocketRecorder}). No sleeping: {@link #next()} returns as soon as an event arrives.
 *
 * @param <T> the event type
 */
public final class Recorder<T> {
    private final BlockingQueue<T> events = new LinkedBlockingQueue<>();

    /** Records an event; safe from any thread. */
    public void record(T event) {
        events.add(event);
    }

    /** The next event; fails after {@link FakeEngineSocket#WAIT}. */
    public T next() {
        try {
            T event = events.poll(FakeEngineSocket.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("no event within " + FakeEngineSocket.WAIT);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts the next event equals {@code expected}. */
    public void assertNext(T expected) {
        assertThat(next()).isEqualTo(expected);
    }

    /** The next {@code n} events. */
    public List<T> next(int n) {
        List<T> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(next());
        }
        return list;
    }

    /** Asserts no event arrives within {@code quiet}. */
    public void assertNone(Duration quiet) {
        try {
            assertThat(events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS))
                    .as("unexpected event")
                    .isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts nothing is left over (call at the end of a test). */
    public void assertEmpty() {
        assertThat(events).as("events left over").isEmpty();
    }
}
