package dev.sockeye.core.parser;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.BooleanSupplier;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.core.util.RecyclerPool;

/**
 * Where Jackson parsers and generators take their buffers: one set per platform thread, one shared deque for virtual
 * threads. {@link JsonParser#defaultMapper()} uses it; give it to your own mapper's factory
 * ({@code JsonFactory.builder().recyclerPool(PerThreadRecyclerPool.instance())}) for the same effect.
 *
 * <p>Why: Jackson 3's default pool is one {@code ConcurrentLinkedDeque} per factory. A server parses on its I/O threads
 * and encodes on its handler threads, each several times per event, so every parse and every encode took a recycler
 * from that deque and gave it back: a node allocated per return and the deque's cache lines moving between cores. On
 * an echo benchmark (100 clients, 10 acks in flight, 2 cores) per-thread buffers cut the server's CPU per ack by about
 * 15 %. Platform threads are few and long-lived (event loops, a bounded handler pool), so each keeps one set,
 * softly referenced, as Jackson's own thread-local pool does. Virtual threads are many and short-lived: a set per
 * thread would be allocated and dropped for every task, so they share the deque as before.
 */
public final class PerThreadRecyclerPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;

    /** {@code Thread.isVirtual()} on JDK 21+, null before, where every thread is a platform thread. */
    private static final MethodHandle IS_VIRTUAL = isVirtualMethod();

    private static final PerThreadRecyclerPool INSTANCE =
            new PerThreadRecyclerPool(PerThreadRecyclerPool::onVirtualThread);

    private final transient BooleanSupplier onVirtualThread;
    private final transient RecyclerPool<BufferRecycler> perThread = JsonRecyclerPools.threadLocalPool();
    private final transient RecyclerPool<BufferRecycler> shared = JsonRecyclerPools.newConcurrentDequePool();

    /** A pool that asks {@code onVirtualThread} whether the calling thread is virtual; tests pass their own. */
    PerThreadRecyclerPool(BooleanSupplier onVirtualThread) {
        this.onVirtualThread = onVirtualThread;
    }

    /**
     * The pool of {@link JsonParser#defaultMapper()}.
     *
     * @return the shared instance
     */
    public static PerThreadRecyclerPool instance() {
        return INSTANCE;
    }

    /** {@inheritDoc} */
    @Override
    public BufferRecycler acquirePooled() {
        return forThisThread().acquirePooled();
    }

    /**
     * A virtual thread's recycler is linked to the shared deque, so closing its parser returns it there; a platform
     * thread's stays with its thread, unlinked, and closing returns nothing.
     */
    @Override
    public BufferRecycler acquireAndLinkPooled() {
        return forThisThread().acquireAndLinkPooled();
    }

    private RecyclerPool<BufferRecycler> forThisThread() {
        return onVirtualThread.getAsBoolean() ? shared : perThread;
    }

    /** Only the shared deque's recyclers come back; they go back to it. */
    @Override
    public void releasePooled(BufferRecycler recycler) {
        shared.releasePooled(recycler);
    }

    /**
     * How many recyclers wait in the shared deque (the per-thread ones are not counted).
     *
     * @return the count
     */
    @Override
    public int pooledCount() {
        return shared.pooledCount();
    }

    /** Keeps the one instance across serialization (a serialized factory refers to its pool). */
    private Object readResolve() {
        return INSTANCE;
    }

    private static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static MethodHandle isVirtualMethod() {
        try {
            return MethodHandles.publicLookup()
                    .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // JDK 17 to 20
        }
    }
}
