package dev.sockeye.server.internal;

import dev.sockeye.core.adapter.cluster.MessageType;
import dev.sockeye.server.DisconnectReason;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoObserver;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observers installed on one server, as one: {@link #NONE} while there is none (callers test {@link #active()} before measuring), the
 * observer itself when there is one, a fan-out when there are several.
 */
final class Observers {
    private static final Logger log = LoggerFactory.getLogger(Observers.class);

    /** Watches nothing; {@link #current()} returns it while no observer is installed. */
    static final SocketIoObserver NONE = new SocketIoObserver() {};

    private List<SocketIoObserver> installed = List.of();
    private volatile SocketIoObserver current = NONE;

    /** The observer to call: {@link #NONE}, one observer, or all of them. */
    SocketIoObserver current() {
        return current;
    }

    /** Whether an observer is installed, i.e. whether measuring is worth its cost. */
    boolean active() {
        return current != NONE;
    }

    synchronized void add(SocketIoObserver observer) {
        Objects.requireNonNull(observer, "observer");
        installed = ListSnapshots.plus(installed, observer);
        update();
    }

    synchronized void remove(SocketIoObserver observer) {
        installed = ListSnapshots.minus(installed, observer);
        update();
    }

    private void update() {
        current = installed.isEmpty() ? NONE : installed.size() == 1 ? installed.get(0) : new FanOut(installed);
    }

    /** Several observers, called in installation order; one that throws does not stop the others. */
    private record FanOut(List<SocketIoObserver> all) implements SocketIoObserver {
        private void each(Consumer<SocketIoObserver> call) {
            for (SocketIoObserver observer : all) {
                try {
                    call.accept(observer);
                } catch (RuntimeException e) {
                    log.warn("observer {} failed", observer, e);
                }
            }
        }

        @Override
        public void onSocketConnect(Socket socket) {
            each(o -> o.onSocketConnect(socket));
        }

        @Override
        public void onConnectRefused(String namespace, ConnectRefusal refusal) {
            each(o -> o.onConnectRefused(namespace, refusal));
        }

        @Override
        public void onSocketDisconnect(Socket socket, DisconnectReason reason) {
            each(o -> o.onSocketDisconnect(socket, reason));
        }

        @Override
        public void onEventReceived(Socket socket, String event) {
            each(o -> o.onEventReceived(socket, event));
        }

        @Override
        public void onEventSent(Socket socket, String event) {
            each(o -> o.onEventSent(socket, event));
        }

        @Override
        public void onBroadcast(String namespace, String event) {
            each(o -> o.onBroadcast(namespace, event));
        }

        @Override
        public void onAck(String namespace, long elapsedNanos) {
            each(o -> o.onAck(namespace, elapsedNanos));
        }

        @Override
        public void onAckTimeout(String namespace) {
            each(o -> o.onAckTimeout(namespace));
        }

        @Override
        public void onTaskQueued() {
            each(SocketIoObserver::onTaskQueued);
        }

        @Override
        public void onTaskRun(long waitNanos, long runNanos) {
            each(o -> o.onTaskRun(waitNanos, runNanos));
        }

        @Override
        public void onTaskDropped() {
            each(SocketIoObserver::onTaskDropped);
        }

        @Override
        public void onBroadcastDelivered(String namespace, int recipients) {
            each(o -> o.onBroadcastDelivered(namespace, recipients));
        }

        @Override
        public void onClusterPublish(String namespace, MessageType type) {
            each(o -> o.onClusterPublish(namespace, type));
        }

        @Override
        public void onClusterPublishError(String namespace, MessageType type, Throwable error) {
            each(o -> o.onClusterPublishError(namespace, type, error));
        }

        @Override
        public void onClusterReceive(String namespace, MessageType type) {
            each(o -> o.onClusterReceive(namespace, type));
        }

        @Override
        public void onClusterReceiveError(String namespace, Throwable error) {
            each(o -> o.onClusterReceiveError(namespace, error));
        }

        @Override
        public void onClusterRequest(String namespace, MessageType type, long elapsedNanos, boolean timedOut) {
            each(o -> o.onClusterRequest(namespace, type, elapsedNanos, timedOut));
        }
    }
}
