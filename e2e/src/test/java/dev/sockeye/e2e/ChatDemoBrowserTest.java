package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sockeye.examples.ChatDemo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat demo in headless Chromium (e2e/node/browser/chat-demo.js, Playwright): two users chat with acks and a
 * typing indicator, one joins a room and gets only that room's messages, a private message goes to one socket id,
 * a page reloads and reconnects, and the server restarts on the same port while both pages reconnect by themselves.
 * Once over HTTP long-polling only, once over WebSocket only.
 */
class ChatDemoBrowserTest {

    private static final Path NODE_DIR = Path.of(System.getProperty("sockeye.node.dir", "node"));

    @ParameterizedTest
    @ValueSource(strings = {"polling", "websocket"})
    void twoBrowserUsersChatAcrossRoomsReloadAndServerRestart(String transport) throws Exception {
        Chromium.assertInstalled();
        // The websocket run leaves a screenshot; -Dsockeye.demo.screenshot=<path> puts it elsewhere (docs/demo.png).
        Path screenshot = Path.of(System.getProperty("sockeye.demo.screenshot", "target/chat-demo.png"))
                .toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        ChatDemo demo = ChatDemo.start("127.0.0.1", 0);
        int port = demo.port();
        List<String> output = new ArrayList<>();
        ProcessBuilder builder = new ProcessBuilder(command(port, transport, screenshot))
                .directory(NODE_DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().put("CHROMIUM", Chromium.PATH);
        Process node = builder.start();
        try {
            BlockingQueue<String> lines = lines(node);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("the browser script did not finish in time; so far:%n%s", String.join("\n", output));
                }
                output.add(line);
                if (line.equals("RESTART")) {
                    // Graceful stop (pages are told "server shutting down"), then a new server on the same port.
                    demo.close();
                    demo = ChatDemo.start("127.0.0.1", port);
                    OutputStream stdin = node.getOutputStream();
                    stdin.write("restarted\n".getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                } else if (line.equals("EOF")) {
                    break;
                }
            }
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(String.join("\n", output)).isZero();
            assertThat(output)
                    .contains("STEP rooms", "STEP private message", "STEP reload", "STEP server restart", "OK");
            if (transport.equals("websocket")) {
                assertThat(screenshot).isNotEmptyFile();
            }
        } finally {
            node.destroyForcibly();
            demo.close();
        }
    }

    private static List<String> command(int port, String transport, Path screenshot) {
        List<String> command =
                new ArrayList<>(List.of("node", "browser/chat-demo.js", "http://127.0.0.1:" + port, transport));
        if (transport.equals("websocket")) {
            command.add(screenshot.toString());
        }
        return command;
    }

    /** The script's output, line by line, then "EOF". Read on a thread so the test can poll with a timeout. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        lines.add("read error: " + e);
                    }
                    lines.add("EOF");
                },
                "chat-demo-script-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
