package dev.sockeye.server.internal;

import dev.sockeye.server.AckCallback;
import dev.sockeye.server.SocketEmitter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** {@code socket.timeout(…)}, {@code socket.compress(…)}, {@code socket.asVolatile()}: the socket with modifiers. */
final class FlaggedEmitter implements SocketEmitter {
    private final SocketImpl socket;
    private final Flags flags;

    FlaggedEmitter(SocketImpl socket, Flags flags) {
        this.socket = socket;
        this.flags = flags;
    }

    @Override
    public boolean emit(String event, Object... args) {
        return socket.emit(flags, event, args);
    }

    @Override
    public boolean emit(String event, AckCallback ack, Object... args) {
        return socket.emit(flags, event, ack, args);
    }

    @Override
    public <T> CompletableFuture<T> emitWithAck(String event, Class<T> responseType, Object... args) {
        return socket.emitWithAck(flags, event, responseType, args);
    }

    @Override
    public SocketEmitter timeout(Duration timeout) {
        return new FlaggedEmitter(socket, flags.withTimeout(timeout));
    }

    @Override
    public SocketEmitter compress(boolean compress) {
        return new FlaggedEmitter(socket, flags.withCompress(compress));
    }

    @Override
    public SocketEmitter asVolatile() {
        return new FlaggedEmitter(socket, flags.withVolatile());
    }
}
