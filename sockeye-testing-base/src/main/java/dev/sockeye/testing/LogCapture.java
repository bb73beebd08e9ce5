package dev.sockeye.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records the lines written to {@code System.err} while open, still passing them on. The tests
 * log through slf4j-simple, which writes to whatever {@code System.err} is at the time of each
 * line, so this sees the log lines of every thread.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    /** Starts recording. */
    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** The complete lines captured so far. */
    public List<String> lines() {
        String text;
        synchronized (captured) {
            text = captured.toString(StandardCharsets.UTF_8);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.remove(lines.size() - 1); // the unfinished last line, or "" after the last newline
        return lines;
    }

    /** The matchers of the captured lines matching {@code pattern} (anywhere in the line). */
    public List<Matcher> matching(Pattern pattern) {
        List<Matcher> found = new ArrayList<>();
        for (String line : lines()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                found.add(m);
            }
        }
        return found;
    }

    /** Waits until {@code count} captured lines match {@code pattern}; returns their matchers. */
    public List<Matcher> await(Pattern pattern, int count, Duration timeout) {
        Await.until(
                count + " log line(s) matching " + pattern,
                timeout,
                () -> matching(pattern).size() >= count);
        return matching(pattern);
    }

    /** Stops recording: {@code System.err} is the original stream again. */
    @Override
    public void close() {
        System.setErr(original);
    }
}
