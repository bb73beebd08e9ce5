package dev.sockeye.core.adapter.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks the options of the adapters share (core, Redis, PostgreSQL); each returns the value
 * or throws {@link IllegalArgumentException} (a {@code null} throws {@link NullPointerException}).
 */
public final class OptionChecks {

    private OptionChecks() {}

    /**
     * A string that is not empty.
     *
     * @param value the value
     * @param name  the option, for the message
     * @return the value
     */
    public static String notEmpty(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value;
    }

    /**
     * A duration above zero.
     *
     * @param value the value
     * @param name  the option, for the message
     * @return the value
     */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /**
     * A count of at least one.
     *
     * @param value the value
     * @param name  the option, for the message
     * @return the value
     */
    public static long atLeastOne(long value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
        return value;
    }
}
