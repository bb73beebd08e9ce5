package dev.sockeye.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free ports on the loopback address, for tests that must keep to a range of ports. */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /**
     * The first port of {@code from..to} (inclusive) that nobody listens on now.
     *
     * @param from the first port of the range
     * @param to   the last port of the range
     * @return the port
     * @throws IOException when every port of the range is taken
     */
    public static int freeIn(int from, int to) throws IOException {
        for (int port = from; port <= to; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // next one
            }
        }
        throw new IOException("no free port in " + from + "-" + to);
    }
}
