package dev.sockeye.core.parser.internal;

import java.io.Writer;

/**
 * A {@link Writer} appending to a {@link StringBuilder}, so the encoder writes the packet header and
 * Jackson's JSON into one buffer. Unlike {@link java.io.StringWriter} it takes no lock.
 */
public final class StringBuilderWriter extends Writer {

    private final StringBuilder out;

    /**
     * A writer appending to {@code out}.
     *
     * @param out the buffer to append to
     */
    public StringBuilderWriter(StringBuilder out) {
        this.out = out;
    }

    /** Appends characters of {@code buf}. */
    @Override
    public void write(char[] buf, int off, int len) {
        out.append(buf, off, len);
    }

    /** Appends characters of {@code str}. */
    @Override
    public void write(String str, int off, int len) {
        out.append(str, off, off + len);
    }

    /** Appends one character. */
    @Override
    public void write(int c) {
        out.append((char) c);
    }

    /** Nothing buffered here. */
    @Override
    public void flush() {
        // appends go straight to the builder
    }

    /** Nothing to release. */
    @Override
    public void close() {
        // the builder stays usable
    }
}
