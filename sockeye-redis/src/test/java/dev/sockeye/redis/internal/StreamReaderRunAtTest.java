package dev.sockeye.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.core.adapter.internal.AdapterTimer;
import dev.sockeye.testing.Await;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamReader#runAt}, on which a restored session joins its rooms: the task runs between the entry it
 * names and the next one, never before the reader handed the named entry over, and not at all once the reader went
 * past it (the real Redis on 127.0.0.1:6379, a stream of its own).
 */
class StreamReaderRunAtTest {

    private final String stream =
            "sockeye-test-runat-" + UUID.randomUUID().toString().substring(0, 8);
    private final SingleMasterConnections connections =
            new SingleMasterConnections(RedisClient.create("redis://127.0.0.1:6379"), true, "test");
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private StreamReader reader;

    @AfterEach
    void tearDown() throws Exception {
        if (reader != null) {
            reader.close();
        }
        connections.commands().del(stream).get(5, TimeUnit.SECONDS);
        connections.close();
    }

    /** A reader of the test's stream that records each entry's value in {@link #seen}. */
    private StreamReader reader(Consumer<Runnable> together) {
        return new StreamReader(
                stream,
                connections.openDedicated(),
                10,
                Duration.ofSeconds(1),
                entry -> seen.add(new String(entry.getBody().get("v"), StandardCharsets.UTF_8)),
                together,
                AdapterTimer.shared());
    }

    private String add(String value) throws Exception {
        return connections
                .commands()
                .xadd(stream, Map.of("v", value.getBytes(StandardCharsets.UTF_8)))
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void aTaskRunsRightAfterItsEntryIsHandedOverAndNotOnceTheReaderWentPastIt() throws Exception {
        String first = add("e1");
        reader = reader(Runnable::run);
        reader.start().get(5, TimeUnit.SECONDS);

        assertThat(reader.runAt(first, () -> seen.add("at e1")))
                .as("the reader starts after e1")
                .isTrue();
        assertThat(seen).containsExactly("at e1");

        add("e2");
        String third = add("e3");
        assertThat(reader.runAt(third, () -> seen.add("at e3")))
                .as("the reader is at e1, e2 or e3")
                .isTrue();
        add("e4");
        Await.until("e4 handed over", Duration.ofSeconds(10), () -> seen.contains("e4"));
        assertThat(seen).containsExactly("at e1", "e2", "e3", "at e3", "e4");

        assertThat(reader.runAt(third, () -> seen.add("late")))
                .as("the reader went past e3")
                .isFalse();
        assertThat(seen).doesNotContain("late");
    }

    @Test
    void theEntriesOfOneReadAreHandedOverInsideOneScope() throws Exception {
        List<List<String>> scopes = new CopyOnWriteArrayList<>();
        reader = reader(handling -> {
            int before = seen.size();
            handling.run();
            scopes.add(List.copyOf(seen.subList(before, seen.size())));
        });
        reader.start().get(5, TimeUnit.SECONDS);

        // five entries added at once (one script): the blocked XREAD returns them in one reply
        connections
                .commands()
                .eval(
                        "for i = 1, 5 do redis.call('XADD', KEYS[1], '*', 'v', 'b' .. i) end",
                        ScriptOutputType.STATUS,
                        stream)
                .get(5, TimeUnit.SECONDS);
        Await.until(
                "five entries handed over",
                Duration.ofSeconds(10),
                () -> scopes.stream().mapToInt(List::size).sum() == 5);
        assertThat(scopes).containsExactly(List.of("b1", "b2", "b3", "b4", "b5"));
    }
}
