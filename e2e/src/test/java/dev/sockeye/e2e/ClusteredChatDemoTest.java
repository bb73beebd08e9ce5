package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.examples.ChatDemo;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat demo as two servers on one Redis ({@code ADAPTER=redis://…}, documented in the README):
 * a user of one server chats in a room with, and writes privately to, a user of the other.
 */
class ClusteredChatDemoTest {
    private static final String REDIS = "redis://127.0.0.1:6379";

    private ChatDemo first;
    private ChatDemo second;
    private JavaClient alice;
    private JavaClient bob;

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {alice, bob, first, second}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort: the next test starts its own servers
                }
            }
        }
    }

    @Test
    void usersOfTwoServersChatInARoomAndPrivately() throws Exception {
        first = ChatDemo.start("127.0.0.1", 0, REDIS);
        second = ChatDemo.start("127.0.0.1", 0, REDIS);
        alice = new JavaClient(first.port(), "websocket");
        bob = new JavaClient(second.port(), "websocket");
        JavaClient.Nsp a = alice.open("/", Map.of("nickname", "alice"), "users", "message", "private", "presence");
        JavaClient.Nsp b = bob.open("/", Map.of("nickname", "bob"), "users", "message", "private", "presence");
        a.nextStartingWith("connect");
        b.nextStartingWith("connect");

        assertThat(a.emitWithAck("join", "java").get()).contains("alice");
        String members = b.emitWithAck("join", "java").get();
        assertThat(members).contains("\"alice\"").contains("\"bob\""); // members across both servers

        a.emitWithAck("message", new JSONObject(Map.of("room", "java", "text", "hi bob")))
                .get();
        assertThat(b.nextStartingWith("message ")).contains("\"hi bob\"").contains("\"alice\"");

        String bobId = b.socket.id();
        String sent = a.emitWithAck("private", new JSONObject(Map.of("to", bobId, "text", "psst")))
                .get();
        assertThat(sent).doesNotContain("no such user");
        assertThat(b.nextStartingWith("private ")).contains("\"psst\"");
    }
}
