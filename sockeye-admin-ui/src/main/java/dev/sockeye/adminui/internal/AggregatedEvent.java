package dev.sockeye.adminui.internal;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One count of {@code server_stats.aggregatedEvents}: how many events of a type happened in one second.
 *
 * @param timestamp the second, in milliseconds since the epoch (a multiple of 1000)
 * @param type      {@code rawConnection}, {@code rawDisconnection}, {@code packetsIn}, {@code packetsOut},
 *                  {@code bytesIn} or {@code bytesOut}
 * @param subType   the close reason of a {@code rawDisconnection}, else {@code null} (left out of the JSON, as Node)
 * @param count     the number of events (of bytes for the byte types)
 */
public record AggregatedEvent(
        long timestamp,
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) String subType,
        long count) {}
