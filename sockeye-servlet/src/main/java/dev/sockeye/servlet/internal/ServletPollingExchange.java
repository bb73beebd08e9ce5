package dev.sockeye.servlet.internal;

import dev.sockeye.engine.EngineRequest;
import dev.sockeye.engine.EngineServer;
import dev.sockeye.engine.spi.FrontExchange;
import dev.sockeye.engine.spi.PollingExchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A polling exchange over one servlet request, kept open with an {@link AsyncContext} until the engine
 * answers (a long-poll waits for messages). The body is read without blocking ({@link ReadListener}) and
 * refused past the engine's limit while it streams in, never accumulated beyond it. The answer is written
 * on a container thread ({@link AsyncContext#start}), so that a slow client never holds the engine's.
 */
final class ServletPollingExchange extends FrontExchange implements PollingExchange, AsyncListener {
    private static final Logger log = LoggerFactory.getLogger(ServletPollingExchange.class);
    private static final int READ_CHUNK = 8192;

    private final AsyncContext async;
    private final HttpServletRequest httpRequest;
    private final HttpServletResponse httpResponse;
    private final long arrivalNanos;
    private final Consumer<byte[]> onAnswered;

    // guarded by this
    private boolean readStarted;
    private boolean unreadBody;
    private boolean responded;
    private boolean aborted;
    private Runnable abortListener;

    private ServletPollingExchange(
            AsyncContext async,
            HttpServletRequest httpRequest,
            HttpServletResponse httpResponse,
            EngineRequest request,
            long arrivalNanos,
            Consumer<byte[]> onAnswered) {
        super(request, null); // the engine's own scheduler
        this.async = async;
        this.httpRequest = httpRequest;
        this.httpResponse = httpResponse;
        this.arrivalNanos = arrivalNanos;
        this.onAnswered = onAnswered;
    }

    /**
     * Puts the request in asynchronous mode and hands it to the engine. On the container's request thread.
     *
     * @param arrivalNanos when the request arrived, see {@link PollingExchange#arrivalNanos()}
     * @param onAnswered   given the body when the engine answers (but for an answer that closes the connection), before it is written
     */
    static void start(
            EngineServer engine,
            HttpServletRequest request,
            HttpServletResponse response,
            EngineRequest engineRequest,
            long arrivalNanos,
            Consumer<byte[]> onAnswered) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(0); // a long-poll lasts until the engine answers it (at most a ping interval)
        ServletPollingExchange exchange =
                new ServletPollingExchange(async, request, response, engineRequest, arrivalNanos, onAnswered);
        async.addListener(exchange);
        engine.handleRequest(exchange);
    }

    @Override
    public long arrivalNanos() {
        return arrivalNanos;
    }

    @Override
    public void readBody(long maxBytes, BodyCallback callback) {
        synchronized (this) {
            if (readStarted || aborted) {
                return;
            }
            readStarted = true;
            unreadBody = true;
        }
        if (httpRequest.getContentLengthLong() > maxBytes) {
            callback.onTooLarge(); // refused before reading a byte of it
            return;
        }
        try {
            ServletInputStream in = httpRequest.getInputStream();
            in.setReadListener(new BodyReader(in, maxBytes, callback));
        } catch (IOException | IllegalStateException e) {
            log.debug("cannot read the body of {}", request(), e);
            abort();
        }
    }

    /** Reads the body as the container makes it available, up to the limit. */
    private final class BodyReader implements ReadListener {
        private final ServletInputStream in;
        private final long maxBytes;
        private final BodyCallback callback;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[READ_CHUNK];
        private boolean done;

        BodyReader(ServletInputStream in, long maxBytes, BodyCallback callback) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.callback = callback;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!done && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return; // onAllDataRead follows
                }
                if (body.size() + (long) n > maxBytes) {
                    done = true; // stop reading: the rest of the body is never accumulated
                    callback.onTooLarge();
                    return;
                }
                body.write(chunk, 0, n);
            }
        }

        @Override
        public void onAllDataRead() {
            if (done) {
                return;
            }
            done = true;
            synchronized (ServletPollingExchange.this) {
                unreadBody = false;
            }
            callback.onBody(body.toByteArray());
        }

        @Override
        public void onError(Throwable t) {
            log.debug("reading the body of {} failed", request(), t);
            if (!done) {
                done = true;
                abort();
            }
        }
    }

    @Override
    public void respond(int status, byte[] body) {
        boolean closeAfter;
        synchronized (this) {
            if (responded || aborted) {
                return;
            }
            responded = true;
            abortListener = null;
            // a body not read to its end (413) leaves the connection unusable
            closeAfter = unreadBody;
        }
        if (!closeAfter) {
            // Now, in the engine's order of answers, not once written (on a container thread, in any order): the
            // client's next request on this connection comes after this answer, and two connections' next
            // requests compare as their answers did (a poll answered by a close packet before the close's "ok").
            onAnswered.accept(body);
        }
        try {
            async.start(() -> write(status, body, closeAfter));
        } catch (IllegalStateException e) {
            log.debug("the request {} is gone; response dropped", request(), e); // the container completed it already
        }
    }

    private void write(int status, byte[] body, boolean closeAfter) {
        try {
            ServletRequests.writeResponse(httpResponse, status, responseHeaders(), closeAfter, body);
        } catch (IOException | RuntimeException e) {
            log.debug("writing the response to {} failed", request(), e);
        } finally {
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            log.debug("the response to {} was completed already (the client went away): {}", request(), e.toString());
        }
    }

    @Override
    public void onAbort(Runnable listener) {
        boolean runNow;
        synchronized (this) {
            runNow = aborted;
            if (!aborted && !responded) {
                abortListener = listener;
            }
        }
        if (runNow) {
            listener.run();
        }
    }

    /** The client went away (or the request failed) before the answer: the engine hears it once. */
    private void abort() {
        Runnable listener;
        synchronized (this) {
            if (responded || aborted) {
                return;
            }
            aborted = true;
            listener = abortListener;
            abortListener = null;
        }
        complete();
        if (listener != null) {
            listener.run();
        }
    }

    // ---------------------------------------------------------------- AsyncListener

    @Override
    public void onComplete(AsyncEvent event) {
        abort(); // nothing when answered; else the container ended the request without us
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        abort();
    }

    @Override
    public void onError(AsyncEvent event) {
        abort();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
