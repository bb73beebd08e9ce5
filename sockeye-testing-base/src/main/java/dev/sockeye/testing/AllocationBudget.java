package dev.sockeye.testing;

import java.lang.management.ManagementFactory;

/**
 * Fails a decoder call that allocates far more than its input justifies: the sign of an allocation sized by an
 * attacker-declared length (a msgpack {@code bin32} header announcing 64 MB in five bytes) rather than by the bytes
 * that arrived. The fuzz targets wrap every decode in it, so such an input fails the run even where the heap is
 * large enough not to throw {@link OutOfMemoryError}.
 *
 * <p>The budget is {@value #FIXED_BYTES} bytes plus {@value #BYTES_PER_INPUT_BYTE} bytes per input byte: a tree of
 * Jackson nodes costs a few dozen bytes per input byte, never megabytes for a handful of bytes. Counted with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, so only the calling thread's allocations
 * count. Class initialisation (a static mapper, the first use of a code path) allocates once, so a call over budget
 * is run a second time and judged on that run: the action must be repeatable, as decoding into new objects is.
 */
public final class AllocationBudget {

    /** Allowed whatever the input length. */
    public static final long FIXED_BYTES = 1 << 20;

    /** Allowed per byte of input. */
    public static final long BYTES_PER_INPUT_BYTE = 256;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationBudget() {}

    /** A decoder call; it may throw anything, which {@link #check} passes on unchanged. */
    @FunctionalInterface
    public interface Action {
        /**
         * Runs the call.
         *
         * @throws Exception whatever the call throws
         */
        void run() throws Exception;
    }

    /**
     * Runs {@code action} and fails when the calling thread allocated more than the budget for {@code inputLength}
     * bytes meanwhile, on the first run and on a second one.
     *
     * @param inputLength the length of the decoded input, in bytes (or characters)
     * @param action      the decoder call
     * @throws AssertionError when the budget is exceeded
     * @throws Exception      what {@code action} throws
     */
    public static void check(long inputLength, Action action) throws Exception {
        long budget = FIXED_BYTES + BYTES_PER_INPUT_BYTE * inputLength;
        if (allocatedBy(action) > budget) {
            long again = allocatedBy(action);
            if (again > budget) {
                throw new AssertionError("decoding " + inputLength + " bytes allocated " + again
                        + " bytes, more than the budget of " + budget);
            }
        }
    }

    private static long allocatedBy(Action action) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        action.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
