package dev.sockeye.adminui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.InMemoryAdapter;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.server.SocketIoServer;
import org.junit.jupiter.api.Test;

class StatsReporterTest {

    /** Stands for a cluster adapter: any adapter that is not the plain in-memory one. */
    private static final class ClusterLike extends InMemoryAdapter {
        ClusterLike(NamespaceHost host) {
            super(host);
        }
    }

    @Test
    void aLoneServerIsNamedAfterItsHostAndAClusteredOneAlsoAfterItsPid() {
        try (SocketIoServer alone = SocketIoServer.create();
                SocketIoServer clustered =
                        SocketIoServer.builder().adapter(ClusterLike::new).build()) {
            ServerStats lone = new StatsReporter(alone, new EventBuffer(System::currentTimeMillis), null).take();
            assertThat(lone.serverId()).isEqualTo(lone.hostname()).isNotEmpty();
            ServerStats member = new StatsReporter(clustered, new EventBuffer(System::currentTimeMillis), null).take();
            assertThat(member.serverId())
                    .isEqualTo(member.hostname() + "#" + ProcessHandle.current().pid());
            assertThat(new StatsReporter(clustered, new EventBuffer(System::currentTimeMillis), "eu-1").serverId())
                    .isEqualTo("eu-1");
        }
    }

    @Test
    void theStatsCountTheNamespacesAndTheEngineClients() {
        try (SocketIoServer io = SocketIoServer.create()) {
            io.of("/chat");
            ServerStats stats = new StatsReporter(io, new EventBuffer(System::currentTimeMillis), "s").take();
            assertThat(stats.namespaces())
                    .containsExactlyInAnyOrder(
                            new ServerStats.NamespaceDetails("/", 0), new ServerStats.NamespaceDetails("/chat", 0));
            assertThat(stats.clientsCount()).isZero();
            assertThat(stats.pollingClientsCount()).isZero();
            assertThat(stats.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(stats.uptime()).isPositive();
        }
    }
}
