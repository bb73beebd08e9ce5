package dev.sockeye.engine;

import dev.sockeye.engine.spi.FrontExchange;
import dev.sockeye.engine.spi.OutboundFrame;
import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import dev.sockeye.engine.spi.WebSocketUpgrade;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** An in-memory HTTP front for wire-level engine tests: exact strings in, exact strings out. */
final class FakeFront {
    /** Session timers; a cancelled one leaves the queue at once, so short-lived sessions (fuzzing) are not retained. */
    static final ScheduledExecutorService SCHEDULER = scheduler();

    private static ScheduledExecutorService scheduler() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fake-front-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    private FakeFront() {}

    /** Makes {@code socket} send every message back, text as text and binary as binary. */
    static void echo(EngineSocket socket) {
        socket.onMessage(EngineSocket.MessageListener.of(socket::send, socket::send));
    }

    static EngineRequest request(String method, String uri, String... headerPairs) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i], List.of(headerPairs[i + 1]));
        }
        return new EngineRequest(method, uri, headers, null, false);
    }

    record Response(int status, Map<String, List<String>> headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    static final class Exchange extends FrontExchange implements PollingExchange {
        private final byte[] body;
        private final long arrivalNanos;
        final CompletableFuture<Response> response = new CompletableFuture<>();
        private Runnable abortListener;

        /** A request that arrives now; {@link EngineServer#handleRequest} takes it when the test hands it over. */
        Exchange(EngineRequest request, String body) {
            this(request, body.getBytes(StandardCharsets.UTF_8), System.nanoTime());
        }

        /** A request with a binary body that arrives now. */
        Exchange(EngineRequest request, byte[] body) {
            this(request, body, System.nanoTime());
        }

        /** A request that arrived (or arrives) at {@code arrivalNanos}, on the {@link System#nanoTime()} clock. */
        Exchange(EngineRequest request, String body, long arrivalNanos) {
            this(request, body.getBytes(StandardCharsets.UTF_8), arrivalNanos);
        }

        private Exchange(EngineRequest request, byte[] body, long arrivalNanos) {
            super(request, SCHEDULER);
            this.body = body;
            this.arrivalNanos = arrivalNanos;
        }

        @Override
        public long arrivalNanos() {
            return arrivalNanos;
        }

        @Override
        public void readBody(long maxBytes, BodyCallback callback) {
            if (body.length > maxBytes) {
                callback.onTooLarge();
            } else {
                callback.onBody(body);
            }
        }

        @Override
        public synchronized void respond(int status, byte[] content) {
            response.complete(new Response(status, Map.copyOf(responseHeaders()), content));
        }

        @Override
        public synchronized void onAbort(Runnable listener) {
            abortListener = listener;
        }

        /** The client goes away. */
        void abort() {
            Runnable listener;
            synchronized (this) {
                listener = response.isDone() ? null : abortListener;
            }
            if (listener != null) {
                listener.run();
            }
        }

        Response await() throws Exception {
            return response.get(5, TimeUnit.SECONDS);
        }
    }

    /** A request that arrives now, not yet handed to an engine. */
    static Exchange arriving(String method, String uri, String body) {
        return new Exchange(request(method, uri), body);
    }

    /** A request that arrives {@code after} from now, without waiting for it, not yet handed to an engine. */
    static Exchange arrivingIn(Duration after, String method, String uri, String body) {
        return new Exchange(request(method, uri), body, System.nanoTime() + after.toNanos());
    }

    static Exchange get(EngineServer engine, String uri, String... headers) {
        Exchange exchange = new Exchange(request("GET", uri, headers), "");
        engine.handleRequest(exchange);
        return exchange;
    }

    static Exchange post(EngineServer engine, String uri, String body, String... headers) {
        Exchange exchange = new Exchange(request("POST", uri, headers), body);
        engine.handleRequest(exchange);
        return exchange;
    }

    static Exchange post(EngineServer engine, String uri, byte[] body, String... headers) {
        Exchange exchange = new Exchange(request("POST", uri, headers), body);
        engine.handleRequest(exchange);
        return exchange;
    }

    /** A WebSocket whose frames the test reads as {@code text:…}, {@code binary:n bytes}, {@code close}. */
    static final class Socket extends FrontExchange implements WebSocketUpgrade, WebSocketConnection {
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        /** The content of every binary frame, in order. */
        final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();

        final CompletableFuture<Response> rejected = new CompletableFuture<>();
        volatile WebSocketHandler handler;
        /** The client stops reading: every frame sent from now on stays queued in the front, counted in {@link #queuedBytes()}. */
        volatile boolean stalled;

        private final java.util.concurrent.atomic.AtomicLong queued = new java.util.concurrent.atomic.AtomicLong();

        Socket(EngineRequest request) {
            super(request, SCHEDULER);
        }

        @Override
        public void accept(WebSocketHandler h) {
            handler = h;
            h.onOpen(this);
        }

        @Override
        public void reject(int status, byte[] body) {
            rejected.complete(new Response(status, Map.copyOf(responseHeaders()), body));
        }

        @Override
        public void send(OutboundFrame frame, boolean compress) {
            if (stalled) {
                queued.addAndGet(frame.size());
            }
            byte[] data = frame.payload();
            if (frame.kind() == OutboundFrame.Kind.TEXT) {
                frames.add("text:" + new String(data, StandardCharsets.UTF_8));
            } else {
                frames.add("binary:" + data.length + " bytes");
                binaries.add(data);
            }
        }

        @Override
        public void close() {
            frames.add("close");
        }

        @Override
        public void abort() {
            frames.add("abort");
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public long queuedBytes() {
            return queued.get();
        }

        String next() throws InterruptedException {
            String frame = frames.poll(5, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame");
            }
            return frame;
        }
    }

    static Socket webSocket(EngineServer engine, String uri, String... headers) {
        Socket socket = new Socket(request("GET", uri, headers));
        engine.handleUpgrade(socket);
        return socket;
    }
}
