package dev.sockeye.engine.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Hand-offs made inside a batch: one task per executor at the end, in the order they were deferred. */
class HandOffBatchTest {

    /** An executor that keeps what it is handed, to run it when the test says. */
    private static final class Held implements Executor {
        final List<Runnable> handed = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            handed.add(task);
        }

        void runAll() {
            handed.forEach(Runnable::run);
        }
    }

    @Test
    void outsideABatchNothingIsDeferred() {
        assertThat(HandOffBatch.defer(new Held(), () -> {})).isFalse();
    }

    @Test
    void eachExecutorGetsOneTaskThatRunsItsHandOffsInOrder() {
        Held loopA = new Held();
        Held loopB = new Held();
        List<String> ran = new ArrayList<>();
        HandOffBatch.run(() -> {
            for (int i = 0; i < 3; i++) {
                int n = i;
                assertThat(HandOffBatch.defer(loopA, () -> ran.add("a" + n))).isTrue();
                assertThat(HandOffBatch.defer(loopB, () -> ran.add("b" + n))).isTrue();
            }
            assertThat(loopA.handed).as("nothing handed while the batch runs").isEmpty();
        });
        assertThat(loopA.handed).hasSize(1);
        assertThat(loopB.handed).hasSize(1);
        loopA.runAll();
        loopB.runAll();
        assertThat(ran).containsExactly("a0", "a1", "a2", "b0", "b1", "b2");
        assertThat(HandOffBatch.defer(loopA, () -> {})).as("the batch ended").isFalse();
    }

    @Test
    void aBatchInsideAnotherJoinsIt() {
        Held loop = new Held();
        HandOffBatch outer = HandOffBatch.begin();
        assertThat(outer).isNotNull();
        HandOffBatch.run(() -> HandOffBatch.defer(loop, () -> {}));
        assertThat(HandOffBatch.begin()).isNull();
        assertThat(loop.handed).as("handed when the outer batch ends").isEmpty();
        HandOffBatch.defer(loop, () -> {});
        outer.end();
        assertThat(loop.handed).hasSize(1);
    }

    @Test
    void anotherThreadCanHandOnWhatWasDeferredSoFar() throws Exception {
        Held loop = new Held();
        List<String> ran = new ArrayList<>();
        HandOffBatch batch = HandOffBatch.begin();
        HandOffBatch.defer(loop, () -> ran.add("before"));
        Thread watch = new Thread(batch::handOn);
        watch.start();
        watch.join();
        assertThat(loop.handed).hasSize(1);
        HandOffBatch.defer(loop, () -> ran.add("after"));
        batch.end();
        assertThat(loop.handed).hasSize(2);
        loop.runAll();
        assertThat(ran).containsExactly("before", "after");
    }

    @Test
    void aGroupExecutorTakesTheListItself() {
        List<List<Runnable>> groups = new ArrayList<>();
        HandOffBatch.GroupExecutor dispatcher = new HandOffBatch.GroupExecutor() {
            @Override
            public void executeAll(List<Runnable> tasks) {
                groups.add(tasks);
            }

            @Override
            public void execute(Runnable task) {
                throw new AssertionError("one task at a time");
            }
        };
        Runnable first = () -> {};
        Runnable second = () -> {};
        HandOffBatch.run(() -> {
            HandOffBatch.defer(dispatcher, first);
            HandOffBatch.defer(dispatcher, second);
        });
        assertThat(groups).containsExactly(List.of(first, second));
    }

    @Test
    void anExecutorThatRefusesDropsItsTasksAndSparesTheOthers() {
        Executor gone = task -> {
            throw new RejectedExecutionException("shut down");
        };
        Held loop = new Held();
        HandOffBatch.run(() -> {
            HandOffBatch.defer(gone, () -> {});
            HandOffBatch.defer(loop, () -> {});
        });
        assertThat(loop.handed).hasSize(1);
    }
}
