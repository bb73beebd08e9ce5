package dev.sockeye.server.internal;

import java.time.Duration;

/** The modifiers of an emit to one socket. */
record Flags(Duration timeout, boolean compress, boolean isVolatile) {
    static final Flags NONE = new Flags(null, true, false);

    Flags withTimeout(Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive: " + value);
        }
        return new Flags(value, compress, isVolatile);
    }

    Flags withCompress(boolean value) {
        return new Flags(timeout, value, isVolatile);
    }

    Flags withVolatile() {
        return new Flags(timeout, compress, true);
    }
}
