package dev.sockeye.core.parser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.Packet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.BufferRecycler;

/** Buffers per platform thread, a shared deque for virtual threads, and the default mapper using them. */
class PerThreadRecyclerPoolTest {

    @Test
    void aPlatformThreadKeepsItsOwnRecyclerAndReturnsNothingToTheSharedDeque() throws Exception {
        PerThreadRecyclerPool pool = new PerThreadRecyclerPool(() -> false);

        BufferRecycler first = pool.acquireAndLinkPooled();
        assertThat(first.isLinkedWithPool()).isFalse();
        first.releaseToPool();
        assertThat(pool.acquireAndLinkPooled()).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();

        AtomicReference<BufferRecycler> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(pool.acquireAndLinkPooled()));
        thread.start();
        thread.join();
        assertThat(other.get()).isNotNull().isNotSameAs(first);
    }

    @Test
    void aVirtualThreadTakesFromTheSharedDequeAndGivesBackToIt() {
        PerThreadRecyclerPool pool = new PerThreadRecyclerPool(() -> true);

        BufferRecycler first = pool.acquireAndLinkPooled();
        assertThat(first.isLinkedWithPool()).isTrue();
        BufferRecycler second = pool.acquireAndLinkPooled();
        assertThat(second).isNotSameAs(first); // the first is out: the deque is empty, a new one is made

        first.releaseToPool();
        second.releaseToPool();
        assertThat(pool.pooledCount()).isEqualTo(2);
        assertThat(pool.acquireAndLinkPooled()).isIn(first, second);
        assertThat(pool.pooledCount()).isEqualTo(1);
    }

    @Test
    void theDefaultMapperUsesItAndStillParsesAndEncodesOnManyThreads() throws Exception {
        JsonParser parser = new JsonParser();
        assertThat(parser.mapper().tokenStreamFactory()._getRecyclerPool()).isSameAs(PerThreadRecyclerPool.instance());

        // Threads parse and encode at once; each must read and write its own packets whole.
        Thread[] threads = new Thread[4];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    Decoder decoder = parser.newDecoder();
                    for (int i = 0; i < 2_000; i++) {
                        String text =
                                "2" + i + "[\"echo\",{\"thread\":" + id + ",\"text\":\"" + "x".repeat(i % 300) + "\"}]";
                        Packet packet = decoder.add(text);
                        String encoded = ((EncodedPacket.Text) parser.encoder()
                                        .encode(packet)
                                        .messages()
                                        .get(0))
                                .text();
                        assertThat(encoded).isEqualTo(text);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failure.get()).isNull();
    }
}
