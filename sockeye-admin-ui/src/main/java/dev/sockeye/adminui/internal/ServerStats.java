package dev.sockeye.adminui.internal;

import java.util.List;

/**
 * The {@code server_stats} event every server sends to the admin namespace (every 2 seconds by default).
 *
 * @param serverId            the server's name in the UI
 * @param hostname            the host name
 * @param pid                 the process id
 * @param uptime              seconds since the JVM started
 * @param clientsCount        Engine.IO sessions open
 * @param pollingClientsCount those still on HTTP long-polling
 * @param aggregatedEvents    the per-second counts since the last report
 * @param namespaces          every namespace with its number of sockets on this server
 */
public record ServerStats(
        String serverId,
        String hostname,
        long pid,
        double uptime,
        int clientsCount,
        int pollingClientsCount,
        List<AggregatedEvent> aggregatedEvents,
        List<NamespaceDetails> namespaces) {

    /**
     * One namespace of {@link ServerStats#namespaces()}.
     *
     * @param name         the namespace name
     * @param socketsCount its sockets on this server
     */
    public record NamespaceDetails(String name, int socketsCount) {}
}
