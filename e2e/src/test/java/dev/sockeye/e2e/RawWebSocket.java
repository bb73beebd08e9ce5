package dev.sockeye.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain TCP socket, for wire tests: it sends exactly the frames a test
 * asks for (invalid ones included) and reports exactly what the server sends, close frames and
 * connection ends included.
 */
final class RawWebSocket implements AutoCloseable {
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CONTINUATION = 0;
    static final int CLOSE = 8;
    static final int PING = 9;

    /** One frame from the server; {@code opcode} -1 means the connection ended; {@code rsv} holds the three RSV bits (4 = RSV1, compressed). */
    record Frame(int opcode, boolean fin, byte[] payload, int rsv) {
        Frame(int opcode, boolean fin, byte[] payload) {
            this(opcode, fin, payload, 0);
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The status of a close frame, 1005 when it has none. */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final int status;
    final String responseHead;
    private final byte[] responseBody;

    private RawWebSocket(Socket socket, int status, String head, byte[] body) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.status = status;
        this.responseHead = head;
        this.responseBody = body;
    }

    /** Opens a WebSocket to {@code 127.0.0.1:port} with this request target, with extra header lines. */
    static RawWebSocket connect(int port, String target, String... extraHeaders) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        for (String header : extraHeaders) {
            request.append(header).append("\r\n");
        }
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(headText.substring(9, 12));
        byte[] body = new byte[0];
        if (status != 101) {
            int length = 0;
            for (String line : headText.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            body = new DataInputStream(in).readNBytes(length);
        }
        return new RawWebSocket(socket, status, headText, body);
    }

    String responseBody() {
        return new String(responseBody, StandardCharsets.UTF_8);
    }

    void sendText(String text) throws IOException {
        sendFrame(true, 0, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] data) throws IOException {
        sendFrame(true, 0, BINARY, data);
    }

    /**
     * {@link #sendFrame} for frames the server may refuse half-way: false when it has already closed
     * the connection (broken pipe or reset), so that the test goes on to read the close it sent.
     */
    boolean trySendFrame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        try {
            sendFrame(fin, rsv, opcode, payload);
            return true;
        } catch (java.net.SocketException closedByServer) {
            return false;
        }
    }

    /** Sends one masked frame, exactly as given (rsv = the three RSV bits, 0..7). */
    void sendFrame(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next frame, waiting up to 10 s; opcode -1 when the server closed the connection. */
    Frame next() throws IOException {
        try {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload, (b0 >> 4) & 7);
        } catch (EOFException | java.net.SocketException e) {
            return new Frame(-1, true, new byte[0]);
        }
    }

    /** The next text frame that is not a ping {@code 2} (the fixture pings every 300 ms). */
    String nextMessage() throws IOException {
        for (int i = 0; i < 100; i++) {
            Frame frame = next();
            if (frame.opcode() != TEXT || !frame.text().equals("2")) {
                if (frame.opcode() != TEXT) {
                    throw new AssertionError("expected a text frame, got opcode " + frame.opcode());
                }
                return frame.text();
            }
        }
        throw new AssertionError("only pings");
    }

    /**
     * Reads until the server ends the connection, within {@code timeout}; returns the status of
     * the close frame seen on the way (1005 without status, -1 when none came).
     */
    int awaitClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        int code = -1;
        try {
            for (int i = 0; i < 10_000; i++) {
                Frame frame = next();
                if (frame.opcode() == -1) {
                    return code;
                }
                if (frame.opcode() == CLOSE) {
                    code = frame.closeCode();
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + timeout);
        }
        throw new AssertionError("too many frames before the close");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
