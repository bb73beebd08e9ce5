package dev.sockeye.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.server.testing.FakeEngineSocket;
import dev.sockeye.server.testing.Recorder;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DynamicNamespaceTest extends WireTest {

    @Override
    SocketIoServer build(SocketIoServer.Builder builder) {
        return builder.cleanupEmptyChildNamespaces(true).build();
    }

    @Test
    void aRegexParentCreatesChildrenWithItsMiddlewaresAndHandlers() {
        Recorder<String> seen = new Recorder<>();
        io.onNewNamespace(nsp -> seen.record("new " + nsp.name()));
        Namespace parent = io.of(Pattern.compile("^/dynamic-\\d+$"));
        parent.use((socket, next) -> {
            seen.record("middleware " + socket.nsp().name());
            next.proceed();
        });
        parent.onConnection(socket -> seen.record("connection " + socket.nsp().name()));
        FakeEngineSocket conn = open();
        conn.receive("40/dynamic-101,");
        assertThat(conn.nextText()).matches("40/dynamic-101,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"\\}");
        assertThat(seen.next(3))
                .containsExactly("new /dynamic-101", "middleware /dynamic-101", "connection /dynamic-101");
        conn.receive("40/dynamic-abc,");
        assertThat(conn.nextText()).isEqualTo("44/dynamic-abc,{\"message\":\"Invalid namespace\"}");

        parent.emit("to children", 1);
        assertThat(conn.nextText()).isEqualTo("42/dynamic-101,[\"to children\",1]");
        assertThat(parent.name()).startsWith("/_");
        assertThatThrownBy(parent::fetchSockets).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namespacesListsTheMainTheNamedAndTheChildrenButNotTheParents() {
        Namespace parent = io.of(Pattern.compile("^/dynamic-\\d+$"));
        io.of("/chat");
        FakeEngineSocket conn = open();
        conn.receive("40/dynamic-7,");
        sidOf(conn.nextText());
        assertThat(io.namespaces()).extracting(Namespace::name).containsExactlyInAnyOrder("/", "/chat", "/dynamic-7");
        assertThat(io.namespaces()).doesNotContain(parent);
        assertThatThrownBy(() -> io.namespaces().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMatcherFunctionDecidesWithTheAuthPayload() {
        io.of((name, auth) -> name.startsWith("/tenant-") && auth.path("ok").asBoolean(false))
                .onConnection(socket -> socket.emit("welcome", socket.nsp().name()));
        FakeEngineSocket conn = open();
        conn.receive("40/tenant-1,{\"ok\":false}");
        assertThat(conn.nextText()).isEqualTo("44/tenant-1,{\"message\":\"Invalid namespace\"}");
        conn.receive("40/tenant-1,{\"ok\":true}");
        sidOf(conn.nextText());
        assertThat(conn.nextText()).isEqualTo("42/tenant-1,[\"welcome\",\"/tenant-1\"]");
    }

    @Test
    void emptyChildrenAreCleanedUpWhenAsked() {
        Recorder<String> created = new Recorder<>();
        Namespace child = joinAndLeaveAChild(io, open(), created);
        assertThat(io.of("/room-1")).isNotSameAs(child); // a new one was made on demand
        created.assertNext("/room-1");
    }

    @Test
    void emptyChildrenStayByDefault() {
        SocketIoServer keeping = SocketIoServer.builder().build(); // cleanupEmptyChildNamespaces(false)
        try {
            Recorder<String> created = new Recorder<>();
            FakeEngineSocket conn = new FakeEngineSocket();
            keeping.accept(conn);
            Namespace child = joinAndLeaveAChild(keeping, conn, created);
            join(conn, "/room-1"); // after the leave has been handled: a cleanup would have run by now
            assertThat(keeping.of("/room-1")).isSameAs(child);
            assertThat(child.sockets()).hasSize(1);
            created.assertNone(QUIET);
        } finally {
            keeping.close();
        }
    }

    /** A client joins the regex child {@code /room-1} of {@code server} and leaves it again; the child. */
    private static Namespace joinAndLeaveAChild(
            SocketIoServer server, FakeEngineSocket conn, Recorder<String> created) {
        server.of(Pattern.compile("^/room-\\d+$"));
        server.onNewNamespace(nsp -> created.record(nsp.name()));
        join(conn, "/room-1");
        created.assertNext("/room-1");
        Namespace child = server.of("/room-1");
        Recorder<String> left = new Recorder<>();
        child.sockets().values().iterator().next().onDisconnect(reason -> left.record(reason.wire()));
        conn.receive("41/room-1,");
        left.assertNext("client namespace disconnect");
        return child;
    }

    @Test
    void ofWithAMatchingNameAttachesTheChildToTheRegexParent() {
        Recorder<String> seen = new Recorder<>();
        io.of(Pattern.compile("^/shop-")).onConnection(socket -> seen.record("parent handler"));
        Namespace shop = io.of("/shop-9");
        FakeEngineSocket conn = open();
        join(conn, "/shop-9");
        seen.assertNext("parent handler");
        assertThat(io.of("/shop-9")).isSameAs(shop);
    }

    @Test
    void newNamespaceFiresForStaticNamespacesToo() {
        Recorder<String> created = new Recorder<>();
        io.onNewNamespace(nsp -> created.record(nsp.name()));
        io.of("/static");
        io.of("/static");
        created.assertNext("/static");
        created.assertNone(QUIET);
    }
}
