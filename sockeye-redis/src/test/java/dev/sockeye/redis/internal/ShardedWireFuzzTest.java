package dev.sockeye.redis.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sockeye.core.adapter.cluster.ClusterMessageCodec;
import dev.sockeye.testing.AllocationBudget;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets of the sharded Redis adapter's wire, the whole cluster message in one of its two encodings
 * ({@link ClusterMessageCodec#fromMsgpack}, {@link ClusterMessageCodec#fromJson}; the adapter picks one by the first
 * byte). Each either decodes or throws {@link IllegalArgumentException}; anything else is a bug, and so is an
 * allocation out of proportion to the input ({@link AllocationBudget}). The core module's
 * {@code ClusterMessageCodecFuzzTest} goes on to read the decoded data.
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn verify}) they run the inputs under
 * {@code src/test/resources/dev/sockeye/redis/internal/ShardedWireFuzzTestInputs/}; see benchmarks/ROBUSTNESS.md.
 */
class ShardedWireFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesAMsgpackMessage(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            try {
                ClusterMessageCodec.fromMsgpack(input);
            } catch (IllegalArgumentException expected) {
                // malformed message, refused as documented
            }
        });
    }

    @FuzzTest(maxDuration = "2m")
    void decodesAJsonMessage(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            try {
                ClusterMessageCodec.fromJson(new String(input, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException expected) {
                // malformed message, refused as documented
            }
        });
    }
}
