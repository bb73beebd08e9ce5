import dev.sockeye.netty.NettySocketIoServer;
import dev.sockeye.server.SocketIoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Sockeye side of namespace-cap.js: a server with a dynamic namespace and the defaults
 * (maxChildNamespaces 10 000, cleanupEmptyChildNamespaces false). Run as a single-file program
 * on the benchmarks module's class path: java -cp "benchmarks/target/classes:$(cat
 * benchmarks/target/classpath.txt)" benchmarks/robustness/NamespaceCapServer.java PORT
 */
public class NamespaceCapServer {
    public static void main(String[] args) throws Exception {
        SocketIoServer io = SocketIoServer.create();
        io.of(Pattern.compile("^/dyn-[0-9a-z-]+$")).onConnection(socket -> { });
        io.onConnection(socket -> socket.on("stats", (a, ack) -> ack.send(Map.of("namespaces", io.namespaces().size(),
                "rss", rss()))));
        NettySocketIoServer.builder(io).host("127.0.0.1").port(Integer.parseInt(args[0])).build().start();
        Thread.sleep(300_000); // stops by itself
        System.exit(0);
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return 0;
    }
}
