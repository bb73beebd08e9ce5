package dev.sockeye.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.server.SocketIoObserver;
import dev.sockeye.testing.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** What a {@link SerialQueue} tells the server's observers, and that it tells nothing while none is installed. */
class ObservedSerialQueueTest {
    private final List<String> reports = new ArrayList<>();
    private final List<Runnable> handedOut = new ArrayList<>();
    private final Observers observers = new Observers();

    private final SocketIoObserver recorder = new SocketIoObserver() {
        @Override
        public void onTaskQueued() {
            reports.add("queued");
        }

        @Override
        public void onTaskRun(long waitNanos, long runNanos) {
            assertThat(waitNanos).isNotNegative();
            assertThat(runNanos).isNotNegative();
            reports.add("ran");
        }

        @Override
        public void onTaskDropped() {
            reports.add("dropped");
        }
    };

    @Test
    void anObservedTaskIsReportedQueuedThenRun() {
        observers.add(recorder);
        SerialQueue queue = new SerialQueue(handedOut::add, observers, null, "test");
        queue.execute(() -> reports.add("task"));
        assertThat(reports).containsExactly("queued");
        handedOut.remove(0).run();
        assertThat(reports).containsExactly("queued", "task", "ran");
    }

    @Test
    void aTaskQueuedBeforeTheObserverWasInstalledIsNeverReportedSoTheDepthCannotGoNegative() {
        SerialQueue queue = new SerialQueue(handedOut::add, observers, null, "test");
        queue.execute(() -> reports.add("task"));
        observers.add(recorder);
        handedOut.remove(0).run();
        assertThat(reports).containsExactly("task");
        assertThat(observers.active()).isTrue();
        observers.remove(recorder);
        assertThat(observers.active()).isFalse();
        assertThat(observers.current()).isSameAs(Observers.NONE);
    }

    @Test
    void tasksOfAQueueTheExecutorRefusedAreReportedDropped() {
        observers.add(recorder);
        Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        SerialQueue queue = new SerialQueue(refusing, observers, null, "test");
        try (LogCapture log = new LogCapture()) {
            queue.execute(() -> reports.add("task"));
            assertThat(log.lines()).anyMatch(m -> m.contains("1 task(s) dropped"));
        }
        assertThat(reports).containsExactly("queued", "dropped");
    }

    @Test
    void everyInstalledObserverIsToldEvenWhenAnEarlierOneThrows() {
        SocketIoObserver failing = new SocketIoObserver() {
            @Override
            public void onTaskQueued() {
                throw new IllegalStateException("broken observer");
            }
        };
        observers.add(failing);
        observers.add(recorder);
        SerialQueue queue = new SerialQueue(handedOut::add, observers, null, "test");
        try (LogCapture log = new LogCapture()) {
            queue.execute(() -> reports.add("task"));
            assertThat(log.lines()).anyMatch(m -> m.contains("observer") && m.contains("failed"));
        }
        assertThat(reports).containsExactly("queued");
    }
}
