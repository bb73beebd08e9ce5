package dev.sockeye.core.adapter.cluster;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sockeye.core.adapter.internal.ClusterWire;
import dev.sockeye.testing.AllocationBudget;
import tools.jackson.databind.JsonNode;

/**
 * Fuzz target of the cluster message codec: any bytes from the bus (JSON when they start with {@code '{'},
 * MessagePack otherwise, the sharded Redis adapter's and the Postgres attachments' format) either decode to a
 * {@link ClusterMessage} or throw {@link IllegalArgumentException}, and so does reading the decoded {@code data}
 * with the {@link ClusterWire} readers {@code ClusterAdapter} uses for the message's type. Anything else is a bug,
 * and so is an allocation out of proportion to the input ({@link AllocationBudget}).
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn verify}) it runs the inputs under
 * {@code src/test/resources/dev/sockeye/core/adapter/cluster/ClusterMessageCodecFuzzTestInputs/}; see
 * benchmarks/ROBUSTNESS.md.
 */
class ClusterMessageCodecFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodesAnyBusPayload(byte[] input) throws Exception {
        AllocationBudget.check(input.length, () -> {
            try {
                read(ClusterMessageCodec.decode(input));
            } catch (IllegalArgumentException expected) {
                // malformed message, refused as documented
            }
        });
    }

    /** Reads the data of a message as the cluster adapter does for its type. */
    private static void read(ClusterMessage message) {
        MessageType type = message.messageType();
        JsonNode data = message.data();
        if (type == null) {
            return;
        }
        switch (type) {
            case BROADCAST -> {
                ClusterWire.packetFromTree(ClusterWire.field(data, "packet"), "/");
                ClusterWire.optsFromTree(ClusterWire.field(data, "opts"));
            }
            case SOCKETS_JOIN, SOCKETS_LEAVE -> {
                ClusterWire.optsFromTree(ClusterWire.field(data, "opts"));
                ClusterWire.stringSet(ClusterWire.field(data, "rooms"), "rooms");
            }
            case DISCONNECT_SOCKETS -> ClusterWire.optsFromTree(ClusterWire.field(data, "opts"));
            case FETCH_SOCKETS -> {
                ClusterWire.optsFromTree(ClusterWire.field(data, "opts"));
                ClusterWire.stringField(data, "requestId");
            }
            case SERVER_SIDE_EMIT -> ClusterWire.field(data, "packet");
            case FETCH_SOCKETS_RESPONSE -> {
                ClusterWire.stringField(data, "requestId");
                ClusterWire.detailsList(data.get("sockets"));
            }
            case SERVER_SIDE_EMIT_RESPONSE, BROADCAST_ACK -> {
                ClusterWire.stringField(data, "requestId");
                ClusterWire.field(data, "packet");
            }
            case BROADCAST_CLIENT_COUNT -> {
                ClusterWire.stringField(data, "requestId");
                ClusterWire.field(data, "clientCount");
            }
            default -> {
                // heartbeats and ADAPTER_CLOSE carry no data to read
            }
        }
    }
}
