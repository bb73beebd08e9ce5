package dev.sockeye.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.AdapterObserver;
import dev.sockeye.core.adapter.NamespaceHost;
import dev.sockeye.server.SocketIoObserver;
import dev.sockeye.server.SocketIoServer;
import org.junit.jupiter.api.Test;

/** What a namespace hands its adapter as observer: the shared NONE while nothing watches, so adapters skip measuring. */
class AdapterObserverHostTest {

    @Test
    void theAdapterSeesNoneUntilAnObserverIsInstalledAndAfterItIsRemoved() {
        SocketIoServer io = SocketIoServer.create();
        NamespaceHost host = (NamespaceHost) io.of("/chat");
        assertThat(host.adapterObserver()).isSameAs(AdapterObserver.NONE);

        SocketIoObserver observer = new SocketIoObserver() {};
        io.addObserver(observer);
        assertThat(host.adapterObserver()).isSameAs(observer);
        assertThat(((NamespaceHost) io.sockets()).adapterObserver()).isSameAs(observer);

        io.removeObserver(observer);
        assertThat(host.adapterObserver()).isSameAs(AdapterObserver.NONE);
        io.close();
    }
}
