package dev.sockeye.adminui.internal;

import dev.sockeye.core.adapter.InMemoryAdapter;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.EngineSocket;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.SocketIoServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds this server's {@code server_stats} (Node's {@code initStatsEmitter}): ids, uptime, Engine.IO clients (and
 * how many poll), the aggregated events since the last report, and the namespaces with their local socket counts.
 */
public final class StatsReporter {

    private static final Logger log = LoggerFactory.getLogger(StatsReporter.class);
    private final SocketIoServer io;
    private final EventBuffer events;
    private final String serverId;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();

    /**
     * @param io       the server
     * @param events   the engine counts
     * @param serverId the server's name in the UI, or {@code null} for the default: the host name alone, or
     *                 {@code <host name>#<pid>} with a cluster adapter, where several servers may share a host (Node
     *                 adds the pid in cluster workers)
     */
    public StatsReporter(SocketIoServer io, EventBuffer events, String serverId) {
        this.io = io;
        this.events = events;
        this.hostname = hostname();
        boolean alone = io.sockets().adapter().getClass() == InMemoryAdapter.class;
        this.serverId = serverId != null ? serverId : alone ? hostname : hostname + '#' + pid;
    }

    /** The name of this server in the UI. */
    public String serverId() {
        return serverId;
    }

    /** The stats now; takes the aggregated events (each is reported once). */
    public ServerStats take() {
        EngineServer engine = io.engine();
        int polling = 0;
        for (EngineSocket session : engine.clients().values()) {
            if ("polling".equals(session.transport())) {
                polling++;
            }
        }
        List<ServerStats.NamespaceDetails> namespaces = new ArrayList<>();
        for (Namespace nsp : io.namespaces()) {
            namespaces.add(
                    new ServerStats.NamespaceDetails(nsp.name(), nsp.sockets().size()));
        }
        double uptime = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
        return new ServerStats(
                serverId, hostname, pid, uptime, engine.clientsCount(), polling, events.takeAll(), namespaces);
    }

    /** Node's {@code os.hostname()}. */
    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.debug("the local host name does not resolve ({}): using $HOSTNAME or localhost", e.getMessage());
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "localhost";
        }
    }
}
