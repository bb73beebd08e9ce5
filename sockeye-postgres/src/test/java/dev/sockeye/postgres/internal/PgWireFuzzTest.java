package dev.sockeye.postgres.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sockeye.testing.AllocationBudget;
import dev.sockeye.testing.FuzzInput;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target of the PostgreSQL adapter's notification decoder ({@link PgWire#decode}): the input is a notification
 * payload, optionally followed after {@code 0x1E} ({@link FuzzInput}) by the attachment row any header points at
 * (MessagePack). It either decodes (possibly to {@code null}: this node's own attachment, a row that is gone) or
 * throws {@link IllegalArgumentException}; anything else is a bug, and so is an allocation out of proportion to the
 * input ({@link AllocationBudget}).
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn verify}) it runs the inputs under
 * {@code src/test/resources/dev/sockeye/postgres/internal/PgWireFuzzTestInputs/}; see benchmarks/ROBUSTNESS.md.
 */
class PgWireFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesANotificationAndItsAttachmentRow(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            List<byte[]> parts = FuzzInput.parts(input);
            byte[] row = parts.size() > 1 ? parts.get(1) : null;
            try {
                PgWire.decode(
                        "socket.io",
                        "socket.io#/",
                        new String(parts.get(0), StandardCharsets.UTF_8),
                        "0123456789abcdef"::equals,
                        id -> row);
            } catch (IllegalArgumentException expected) {
                // malformed notification or row, refused as documented
            }
        });
    }
}
