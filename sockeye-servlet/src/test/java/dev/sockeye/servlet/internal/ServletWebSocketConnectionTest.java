package dev.sockeye.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.engine.spi.OutboundFrame;
import dev.sockeye.engine.spi.WebSocketConnection;
import dev.sockeye.engine.spi.WebSocketHandler;
import jakarta.websocket.CloseReason;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ServletWebSocketConnection}'s outbound side against a stand-in container session that completes
 * sends when the test says (or at once): one send at a time in call order, writability at the high-water
 * mark, the bound on what waits, and a close that goes after what was sent before it.
 */
class ServletWebSocketConnectionTest {
    private static final int MAX_MESSAGE = 10_000;

    /** What the stand-in session saw, and the sends it has not completed yet. */
    private final List<Object> sent = new ArrayList<>();

    private final List<SendHandler> inFlight = new ArrayList<>();
    private final List<CloseReason> closes = new ArrayList<>();
    private final List<String> engineHeard = new ArrayList<>();
    private boolean completeAtOnce;
    private Session session;
    private MessageHandler.Partial<String> textHandler;

    private ServletWebSocketConnection open() {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") || method.getName().equals("sendBinary")) {
                        sent.add(args[0] instanceof ByteBuffer b ? b.duplicate() : args[0]);
                        SendHandler handler = (SendHandler) args[1];
                        if (completeAtOnce) {
                            handler.onResult(new SendResult(session));
                        } else {
                            inFlight.add(handler);
                        }
                    }
                    return null;
                });
        session = (Session) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "addMessageHandler" -> {
                        if (args[0] == String.class) {
                            @SuppressWarnings("unchecked")
                            MessageHandler.Partial<String> text = (MessageHandler.Partial<String>) args[1];
                            textHandler = text;
                        }
                        yield null;
                    }
                    case "close" -> {
                        closes.add(args == null ? null : (CloseReason) args[0]);
                        yield null;
                    }
                    default -> null;
                });
        ServletWebSocketConnection connection = new ServletWebSocketConnection(
                new WebSocketHandler() {
                    @Override
                    public void onOpen(WebSocketConnection c) {
                        engineHeard.add("open");
                    }

                    @Override
                    public void onText(String text) {
                        engineHeard.add("text " + text);
                    }

                    @Override
                    public void onBinary(byte[] data) {}

                    @Override
                    public void onClose(int code) {
                        engineHeard.add("close " + code);
                    }

                    @Override
                    public void onError(Throwable cause) {
                        engineHeard.add("error " + cause.getMessage());
                    }
                },
                MAX_MESSAGE);
        connection.onOpen(session, null);
        return connection;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void completeNext() {
        inFlight.remove(0).onResult(new SendResult(session));
    }

    @Test
    void sendsOneFrameAtATimeInCallOrder() {
        ServletWebSocketConnection connection = open();
        connection.send(OutboundFrame.text(utf8("4a")), false);
        connection.send(OutboundFrame.binary(new byte[] {1}), false);
        connection.send(OutboundFrame.text(utf8("4c")), false);
        assertThat(sent).containsExactly("4a");
        completeNext();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).isEqualTo(ByteBuffer.wrap(new byte[] {1}));
        completeNext();
        assertThat(sent).hasSize(3).last().isEqualTo("4c");
        completeNext();
        assertThat(inFlight).isEmpty();
        assertThat(connection.isWritable()).isTrue();
        assertThat(engineHeard).containsExactly("open");
    }

    @Test
    void sendsCompletedInlineDoNotRecurse() {
        completeAtOnce = true;
        ServletWebSocketConnection connection = open();
        for (int i = 0; i < 5_000; i++) {
            connection.send(OutboundFrame.text(utf8("4" + i)), false);
        }
        assertThat(sent).hasSize(5_000).startsWith("40", "41").endsWith("44999");
        assertThat(connection.isWritable()).isTrue();
    }

    @Test
    void isNotWritableFromTheHighWaterMarkOn() {
        ServletWebSocketConnection connection = open();
        byte[] chunk = new byte[4096];
        int frames = ServletWebSocketConnection.HIGH_WATER_BYTES / chunk.length;
        for (int i = 0; i < frames - 1; i++) {
            connection.send(OutboundFrame.binary(chunk), false);
        }
        assertThat(connection.isWritable()).as("below 64 KiB waiting").isTrue();
        connection.send(OutboundFrame.binary(chunk), false);
        assertThat(connection.isWritable()).as("64 KiB waiting").isFalse();
        completeNext();
        assertThat(connection.isWritable()).as("one frame out").isTrue();
    }

    @Test
    void aClientThatLetsTooMuchPileUpIsCutOff() {
        ServletWebSocketConnection connection = open();
        byte[] message = new byte[MAX_MESSAGE];
        // 16 messages of the largest size (160 000 bytes here) may wait, counting the one in flight
        for (int i = 0; i < ServletWebSocketConnection.MAX_QUEUED_MESSAGES_OF_MAX_SIZE; i++) {
            connection.send(OutboundFrame.binary(message), false);
        }
        assertThat(engineHeard).containsExactly("open");
        assertThat(closes).isEmpty();
        connection.send(OutboundFrame.binary(new byte[1]), false);
        assertThat(engineHeard).hasSize(2).last().asString().startsWith("error WebSocket client too slow");
        assertThat(closes)
                .singleElement()
                .extracting(r -> r.getCloseCode().getCode())
                .isEqualTo(1013);
        connection.send(OutboundFrame.text(utf8("4late")), false);
        assertThat(sent).hasSize(1); // nothing more goes out
    }

    @Test
    void aCloseGoesAfterWhatWasSentBeforeIt() {
        ServletWebSocketConnection connection = open();
        connection.send(OutboundFrame.text(utf8("4a")), false);
        connection.send(OutboundFrame.text(utf8("4b")), false);
        connection.close();
        connection.send(OutboundFrame.text(utf8("4after")), false);
        assertThat(closes).isEmpty();
        assertThat(connection.isWritable()).isFalse();
        completeNext();
        assertThat(closes).isEmpty();
        completeNext();
        assertThat(sent).containsExactly("4a", "4b");
        assertThat(closes)
                .singleElement()
                .extracting(r -> r.getCloseCode().getCode())
                .isEqualTo(1000);
    }

    @Test
    void aTaskAfterPendingInputRunsOnceTheNextMessageIsHandled() {
        ServletWebSocketConnection connection = open();
        connection.afterPendingInput(() -> engineHeard.add("task"));
        assertThat(engineHeard).containsExactly("open");
        textHandler.onMessage("5", true);
        assertThat(engineHeard).containsExactly("open", "text 5", "task");
    }

    @Test
    void aTaskAfterPendingInputRunsAtItsBoundWhenNoMessageComes() throws InterruptedException {
        ServletWebSocketConnection connection = open();
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        connection.afterPendingInput(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waited).isBetween(ServletWebSocketConnection.PENDING_INPUT_WAIT_MILLIS - 5, 2_000L);
        textHandler.onMessage("4later", true);
        assertThat(engineHeard).containsExactly("open", "text 4later"); // the task ran once
    }
}
