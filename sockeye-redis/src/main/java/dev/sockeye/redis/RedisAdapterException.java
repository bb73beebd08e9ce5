package dev.sockeye.redis;

/**
 * A Redis adapter could not be set up, typically because Redis cannot be reached at start. The
 * message says where Redis was expected; the cause is Lettuce's exception.
 */
public class RedisAdapterException extends RuntimeException {

    /**
     * Creates the exception.
     *
     * @param message what failed, and where
     * @param cause   the underlying error
     */
    public RedisAdapterException(String message, Throwable cause) {
        super(message, cause);
    }
}
