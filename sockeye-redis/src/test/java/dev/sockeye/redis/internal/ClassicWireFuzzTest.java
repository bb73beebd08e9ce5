package dev.sockeye.redis.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sockeye.testing.AllocationBudget;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz targets of the classic Redis adapter's wire ({@link ClassicWire}): a broadcast payload
 * ({@code msgpack([uid, packet, opts])}) and a request or response payload (JSON, or msgpack for broadcasts with
 * acks). Each either decodes (possibly to {@code null}: not this namespace, not translatable) or throws
 * {@link IllegalArgumentException}; anything else is a bug, and so is an allocation out of proportion to the input
 * ({@link AllocationBudget}).
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn verify}) they run the inputs under
 * {@code src/test/resources/dev/sockeye/redis/internal/ClassicWireFuzzTestInputs/}; see benchmarks/ROBUSTNESS.md.
 */
class ClassicWireFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesABroadcast(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            try {
                ClassicWire.fromBroadcast(input, "/");
            } catch (IllegalArgumentException expected) {
                // malformed broadcast, refused as documented
            }
        });
    }

    @FuzzTest(maxDuration = "2m")
    void decodesARequestOrResponse(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            try {
                JsonNode decoded = ClassicWire.decodeObject(input);
                ClassicWire.fromRequest(decoded, "/");
                ClassicWire.fromResponse(decoded, "/");
            } catch (IllegalArgumentException expected) {
                // malformed request or response, refused as documented
            }
        });
    }
}
