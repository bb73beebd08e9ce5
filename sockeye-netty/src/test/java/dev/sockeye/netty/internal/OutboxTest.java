package dev.sockeye.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class OutboxTest {
    @Test
    void framesComeOutInTheOrderTheyWereAddedThenNothing() {
        Outbox outbox = new Outbox();
        ByteBuf first = Unpooled.buffer();
        ByteBuf second = Unpooled.buffer();
        ByteBuf third = Unpooled.buffer();

        outbox.add(first);
        outbox.add(second);
        assertThat(outbox.poll()).isSameAs(first);
        outbox.add(third); // added while older frames are still waiting: after them
        assertThat(outbox.poll()).isSameAs(second);
        assertThat(outbox.poll()).isSameAs(third);
        assertThat(outbox.poll()).isNull();

        first.release();
        second.release();
        third.release();
    }

    @Test
    void aSharedBufferComesOutAsARetainedDuplicateInItsPlace() {
        Outbox outbox = new Outbox();
        ByteBuf own = Unpooled.buffer();
        ByteBuf shared = Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 1, 'x'});

        outbox.addShared(shared);
        outbox.add(own);
        ReferenceCounted taken = outbox.poll();
        assertThat(taken).isNotSameAs(shared).isInstanceOf(ByteBuf.class);
        ByteBuf duplicate = (ByteBuf) taken;
        assertThat(shared.refCnt())
                .as("the duplicate holds a reference of its own")
                .isEqualTo(2);
        duplicate.skipBytes(3); // what a channel's write does to the buffer it writes
        assertThat(shared.readableBytes())
                .as("the next member's write starts from the start")
                .isEqualTo(3);
        duplicate.release();
        assertThat(shared.refCnt()).isEqualTo(1);
        assertThat(outbox.poll()).isSameAs(own);
        assertThat(outbox.poll()).isNull();

        own.release();
        shared.release();
    }

    @Test
    void framesOfConcurrentSendersAllComeOutEachSendersInItsOrder() throws InterruptedException {
        Outbox outbox = new Outbox();
        int senders = 4;
        int perSender = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perSender; i++) {
                    outbox.add(new Numbered(sender, i));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();

        int[] next = new int[senders];
        int taken = 0;
        while (taken < senders * perSender) {
            ReferenceCounted frame = outbox.poll();
            if (frame == null) {
                Thread.onSpinWait();
                continue;
            }
            Numbered numbered = (Numbered) frame;
            assertThat(numbered.index).isEqualTo(next[numbered.sender]);
            next[numbered.sender]++;
            taken++;
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(outbox.poll()).isNull();
        assertThat(next).containsOnly(perSender);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A frame that says who sent it and when. */
    private static final class Numbered extends io.netty.util.AbstractReferenceCounted {
        final int sender;
        final int index;

        Numbered(int sender, int index) {
            this.sender = sender;
            this.index = index;
        }

        @Override
        protected void deallocate() {}

        @Override
        public ReferenceCounted touch(Object hint) {
            return this;
        }
    }
}
