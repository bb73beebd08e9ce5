package dev.sockeye.bench.jmh;

import dev.sockeye.server.SocketIoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code io.to("room").emit("tick", tick)} reaching every socket of the room through the
 * in-memory adapter: argument conversion and encoding once, then one write per socket. The sockets
 * are {@link InMemoryConnection}s accepted by a real {@link SocketIoServer}; they count and drop
 * what they are given, so the score is the server's fan-out without I/O. Per delivery: score / sockets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BroadcastFanOutBenchmark {

    /** Sockets in the room. */
    @Param({"1000", "10000"})
    public int sockets;

    private SocketIoServer io;
    private final List<InMemoryConnection> connections = new ArrayList<>();
    private long seq;

    /** Connects the sockets, joins them to the room, and checks that one broadcast reaches each exactly once. */
    @Setup
    public void setUp() {
        // Handlers on the calling thread: the connection handler (join) has run when connectedTo returns.
        io = SocketIoServer.builder().handlerExecutor(Runnable::run).build();
        io.onConnection(socket -> socket.join("room"));
        for (int i = 0; i < sockets; i++) {
            connections.add(InMemoryConnection.connectedTo(io));
        }
        broadcast();
        for (InMemoryConnection conn : connections) {
            if (conn.messagesSent() != 2) { // the CONNECT reply and the tick
                throw new IllegalStateException(conn.id() + " got " + conn.messagesSent() + " messages, expected 2");
            }
        }
    }

    /** Closes the server, which disconnects every socket. */
    @TearDown
    public void tearDown() {
        io.close();
    }

    /** One broadcast to the room. */
    @Benchmark
    public boolean broadcast() {
        return io.to("room").emit("tick", new Tick(++seq, Tick.T, Tick.PADDING));
    }
}
