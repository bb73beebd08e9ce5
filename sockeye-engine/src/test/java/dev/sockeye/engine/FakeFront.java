package dev.sockeye.engine;

import dev.sockeye.engine.spi.PollingExchange;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import dev.sockeye.engine.spi.WebSocketUpgrade;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** An in-memory HTTP front for wire-level engine tests: exact strings in, exact strings out. */
final class FakeFront {
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-front-timer");
        t.setDaemon(true);
        return t;
    });

    private FakeFront() {
    }

    /** Makes {@code socket} send every message back, text as text and binary as binary. */
    static void echo(EngineSocket socket) {
        socket.onMessage(new EngineSocket.MessageListener() {
            @Override
            public void onText(String text) {
                socket.send(text);
            }

            @Override
            public void onBinary(byte[] data) {
                socket.send(data);
            }
        });
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

    static final class Exchange implements PollingExchange {
        private final EngineRequest request;
        private final byte[] body;
        private final long arrivalNanos = System.nanoTime();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        final CompletableFuture<Response> response = new CompletableFuture<>();
        private Runnable abortListener;

        /** A request that arrives now; {@link EngineServer#handleRequest} takes it when the test hands it over. */
        Exchange(EngineRequest request, String body) {
            this(request, body.getBytes(StandardCharsets.UTF_8));
        }

        /** A request with a binary body. */
        Exchange(EngineRequest request, byte[] body) {
            this.request = request;
            this.body = body;
        }

        @Override
        public EngineRequest request() {
            return request;
        }

        @Override
        public long arrivalNanos() {
            return arrivalNanos;
        }

        @Override
        public Map<String, List<String>> responseHeaders() {
            return headers;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return SCHEDULER;
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
            response.complete(new Response(status, Map.copyOf(headers), content));
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
    static final class Socket implements WebSocketUpgrade, WebSocketConnection {
        private final EngineRequest request;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        /** The content of every binary frame, in order. */
        final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        final CompletableFuture<Response> rejected = new CompletableFuture<>();
        volatile WebSocketHandler handler;

        Socket(EngineRequest request) {
            this.request = request;
        }

        @Override
        public EngineRequest request() {
            return request;
        }

        @Override
        public Map<String, List<String>> responseHeaders() {
            return headers;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return SCHEDULER;
        }

        @Override
        public void accept(WebSocketHandler h) {
            handler = h;
            h.onOpen(this);
        }

        @Override
        public void reject(int status, byte[] body) {
            rejected.complete(new Response(status, Map.copyOf(headers), body));
        }

        @Override
        public void sendText(byte[] utf8, boolean compress) {
            frames.add("text:" + new String(utf8, StandardCharsets.UTF_8));
        }

        @Override
        public void sendBinary(byte[] data, boolean compress) {
            frames.add("binary:" + data.length + " bytes");
            binaries.add(data);
        }

        @Override
        public void close() {
            frames.add("close");
        }

        @Override
        public boolean isWritable() {
            return true;
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
