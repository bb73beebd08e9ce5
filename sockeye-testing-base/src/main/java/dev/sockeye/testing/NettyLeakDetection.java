package dev.sockeye.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns Netty's leak reports into test failures. Netty's {@link ResourceLeakDetector} only logs
 * a leaked buffer; this JUnit 5 extension installs a detector factory whose detectors also record
 * every report, and after each test class forces a garbage collection, makes every detector look
 * at what was collected, and fails the class when anything was reported while it ran.
 *
 * <p>It registers itself: this jar carries a {@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * entry, and the parent pom sets {@code junit.jupiter.extensions.autodetection.enabled=true} for
 * Surefire. A module opts in with a test-scope dependency on {@code sockeye-testing}. The factory
 * must be installed before Netty creates its first detector (when the first buffer class loads);
 * JUnit loads auto-detected extensions before any test runs, and {@link #beforeAll} checks it.
 * Leak level: whatever {@code -Dio.netty.leakDetection.level} says, raised to {@code PARANOID}
 * so that every buffer is tracked.
 */
public final class NettyLeakDetection implements BeforeAllCallback, AfterAllCallback {
    private static final Queue<String> REPORTS = new ConcurrentLinkedQueue<>();
    private static final List<RecordingDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();

    static {
        if (ResourceLeakDetector.getLevel().ordinal() < ResourceLeakDetector.Level.PARANOID.ordinal()) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
                RecordingDetector<T> detector = new RecordingDetector<>(resource, samplingInterval);
                DETECTORS.add(detector);
                return detector;
            }

            @Override
            @SuppressWarnings("deprecation") // abstract, so it must be implemented; maxActive is ignored by Netty too
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                    Class<T> resource, int samplingInterval, long maxActive) {
                return newResourceLeakDetector(resource, samplingInterval);
            }
        });
    }

    /** Instantiated by JUnit's service loading (or {@code @ExtendWith}). */
    public NettyLeakDetection() {}

    /** Fails when Netty created its buffer leak detector before this extension could install its factory. */
    @Override
    public void beforeAll(ExtensionContext context) {
        Unpooled.buffer(1).release(); // loads Netty's buffer classes, hence their detector, if not yet done
        if (!watches(ByteBuf.class)) {
            throw new IllegalStateException(
                    "Netty's buffer leak detector was created before NettyLeakDetection was installed;"
                            + " enable junit.jupiter.extensions.autodetection.enabled so that it loads first");
        }
    }

    /** Forces a collection, gathers the leak reports, and fails the class if there are any. */
    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            String where = context == null ? "this test class" : context.getDisplayName();
            throw new AssertionError(
                    leaks.size() + " Netty leak report(s) during " + where + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Whether leaks of this resource type are recorded (its detector came from this extension's factory). */
    public static boolean watches(Class<?> resourceType) {
        String name = resourceType.getSimpleName();
        return DETECTORS.stream().anyMatch(d -> d.resourceType.equals(name));
    }

    /**
     * Collects garbage, lets every detector look at the tracked objects that were collected
     * without being released, and returns (and forgets) every report made since the last call.
     */
    public static List<String> collectLeaks() {
        // Two full cycles: the first may only clear the leak trackers' referents, the second makes sure
        // the reference handler has queued them.
        for (int cycle = 0; cycle < 2; cycle++) {
            collectGarbage();
        }
        for (RecordingDetector<?> detector : DETECTORS) {
            detector.poll();
        }
        List<String> leaks = new ArrayList<>();
        String report;
        while ((report = REPORTS.poll()) != null) {
            leaks.add(report);
        }
        return leaks;
    }

    /** Runs the collector until a fresh weakly reachable object has been collected and queued (10 tries at most). */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> canary = new WeakReference<>(new Object(), queue);
        try {
            for (int i = 0; i < 10 && queue.remove(50) == null; i++) {
                System.gc();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        canary.clear();
    }

    /** A Netty detector that also records its reports. */
    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        final String resourceType;

        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
            this.resourceType = resource.getSimpleName();
        }

        /** Netty checks for collected, unreleased objects whenever it tracks a new one: track a dummy. */
        @SuppressWarnings("unchecked")
        void poll() {
            T dummy = (T) new Object(); // erased: the detector only holds it weakly and compares identities
            ResourceLeakTracker<T> tracker = trackForcibly(dummy);
            if (tracker != null) {
                tracker.close(dummy);
            }
        }

        @Override
        protected boolean needReport() {
            return true; // record even when Netty's logger is quiet
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            REPORTS.add(
                    "LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            REPORTS.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected.");
            super.reportUntracedLeak(resourceType);
        }
    }
}
