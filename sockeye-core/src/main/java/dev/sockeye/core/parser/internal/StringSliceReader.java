package dev.sockeye.core.parser.internal;

import java.io.Reader;

/**
 * A {@link Reader} over the tail of a string, so Jackson parses a packet's JSON payload in place:
 * the characters are copied once, straight into Jackson's recycled buffer, instead of a
 * {@code substring} first. Not thread-safe, like every reader; unlike {@link java.io.StringReader}
 * it takes no lock.
 */
public final class StringSliceReader extends Reader {

    private final String text;
    private int pos;

    /**
     * A reader of {@code text} from index {@code start} to its end.
     *
     * @param text  the whole string
     * @param start the first character to read
     */
    public StringSliceReader(String text, int start) {
        if (start < 0 || start > text.length()) {
            throw new IndexOutOfBoundsException(start);
        }
        this.text = text;
        this.pos = start;
    }

    /** Reads up to {@code len} characters into {@code buf}; {@code -1} at the end. */
    @Override
    public int read(char[] buf, int off, int len) {
        int left = text.length() - pos;
        if (left <= 0) {
            return -1;
        }
        int n = Math.min(len, left);
        text.getChars(pos, pos + n, buf, off);
        pos += n;
        return n;
    }

    /** Reads one character; {@code -1} at the end. */
    @Override
    public int read() {
        return pos < text.length() ? text.charAt(pos++) : -1;
    }

    /** Nothing to release. */
    @Override
    public void close() {
        // a string holds no resource
    }
}
