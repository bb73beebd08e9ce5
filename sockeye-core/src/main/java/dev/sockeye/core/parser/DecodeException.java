package dev.sockeye.core.parser;

/**
 * Malformed input from a client. The message says what was wrong ({@code "invalid payload"},
 * {@code "too many attachments"}, …); attackers control it, so log it at debug.
 */
public class DecodeException extends Exception {

    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
