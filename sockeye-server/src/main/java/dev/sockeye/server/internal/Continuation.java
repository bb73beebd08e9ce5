package dev.sockeye.server.internal;

import dev.sockeye.server.ConnectMiddleware;
import dev.sockeye.server.SocketMiddleware;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The {@code next} of a middleware: the first call wins. Called from inside the owner's queue
 * (the middleware answered at once) the chain goes on inline; called from any other thread (an
 * asynchronous middleware) the rest of the chain is queued, so it still runs in the owner's order.
 */
final class Continuation implements ConnectMiddleware.Next, SocketMiddleware.Next {
    private final SerialQueue queue;
    private final Consumer<Exception> then;
    private final AtomicBoolean done = new AtomicBoolean();

    /**
     * @param queue the owner's queue
     * @param then  receives {@code null} to go on, or the error that stops the chain
     */
    Continuation(SerialQueue queue, Consumer<Exception> then) {
        this.queue = queue;
        this.then = then;
    }

    @Override
    public void proceed() {
        finish(null);
    }

    @Override
    public void fail(Exception error) {
        finish(error != null ? error : new IllegalStateException("middleware failed without an error"));
    }

    private void finish(Exception error) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (queue.inQueue()) {
            then.accept(error);
        } else {
            queue.execute(() -> then.accept(error));
        }
    }
}
