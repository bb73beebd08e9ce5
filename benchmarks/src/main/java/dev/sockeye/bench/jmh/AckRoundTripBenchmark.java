package dev.sockeye.bench.jmh;

import dev.sockeye.server.AckCallback;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Acknowledgements end to end in memory, through the parser and the socket's ack table, on one
 * {@link InMemoryConnection}. Handlers and ack callbacks run on the calling thread
 * ({@code handlerExecutor(Runnable::run)}) so that a round trip completes inside one call; with the
 * default pool each would also pay a hand-off to another thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AckRoundTripBenchmark {
    /** The client's event with ack id 1; the server does not track the ids it answers, so one will do. */
    private static final String CLIENT_ADD = "21[\"add\",1,2]";

    private SocketIoServer io;
    private InMemoryConnection conn;
    private Socket socket;
    private long acksReceived;
    private final AckCallback countAck = (error, response) -> {
        if (error != null) {
            throw new IllegalStateException("ack failed", error);
        }
        acksReceived++;
    };

    /** Connects one socket and checks one round trip each way. */
    @Setup
    public void setUp() {
        io = SocketIoServer.builder().handlerExecutor(Runnable::run).build();
        Socket[] connected = new Socket[1];
        io.onConnection(s -> {
            connected[0] = s;
            s.on("add", Integer.class, Integer.class, (a, b, ack) -> ack.send(a + b));
        });
        conn = InMemoryConnection.connectedTo(io);
        socket = connected[0];
        serverEmitWithAck();
        if (acksReceived != 1) {
            throw new IllegalStateException("the ack callback ran " + acksReceived + " times, expected 1");
        }
        if (!"31[3]".equals(clientEmitWithAck())) {
            throw new IllegalStateException("the server answered " + conn.lastText() + ", expected 31[3]");
        }
    }

    /** Closes the server. */
    @TearDown
    public void tearDown() {
        io.close();
    }

    /**
     * {@code socket.emit("ping", callback, seq)}; the client answers {@code 3<id>["pong"]} and the
     * callback runs. Includes the fake client reading the ack id and building its answer.
     */
    @Benchmark
    public long serverEmitWithAck() {
        socket.emit("ping", countAck, acksReceived);
        String sent = conn.lastText(); // 2<id>["ping",n]
        String ackId = sent.substring(1, sent.indexOf('['));
        conn.receive("3" + ackId + "[\"pong\"]");
        return acksReceived;
    }

    /** The client sends {@code 21["add",1,2]}; the handler answers and the ACK {@code 31[3]} is encoded and sent. */
    @Benchmark
    public String clientEmitWithAck() {
        conn.receive(CLIENT_ADD);
        return conn.lastText();
    }
}
