package dev.sockeye.bench;

import java.util.Objects;

/**
 * The bench server's flags beyond the port, as in the bench contract (v2 section). Each {@code with…}
 * returns a copy, so a test names only the flag it is about.
 *
 * @param adapter {@code redis://H:P}, {@code redis-sharded://H:P}, {@code redis-streams://H:P} (any URL of
 *                {@code RedisAdapters.fromUrl}), {@code postgres://USER@H:P/DB}, or empty for the in-memory adapter
 * @param parser  {@code json} (the default parser) or {@code msgpack} (socket.io-msgpack-parser 3.0.2's format)
 * @param adminUi {@code USER:PASSWORD}: instrumented for the Admin UI (namespace {@code /admin}, development mode,
 *                basic auth against the bcrypt hash of PASSWORD, as Node's {@code instrument} is given it); empty
 *                for none
 */
public record BenchFlags(String adapter, String parser, String adminUi) {
    /** In-memory adapter, JSON parser, no instrumentation. */
    public static final BenchFlags DEFAULTS = new BenchFlags("", "json", "");

    /** Checks no flag is null. */
    public BenchFlags {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(adminUi, "adminUi");
    }

    /**
     * Reads {@code --adapter URL}, {@code --parser json|msgpack} and {@code --admin-ui USER:PASSWORD}.
     *
     * @param args the command line
     * @return the flags, defaults for those absent
     */
    public static BenchFlags parse(String[] args) {
        return new BenchFlags(BenchServer.option(args, "--adapter", DEFAULTS.adapter),
                BenchServer.option(args, "--parser", DEFAULTS.parser),
                BenchServer.option(args, "--admin-ui", DEFAULTS.adminUi));
    }

    /**
     * A copy with another adapter flag.
     *
     * @param value the adapter URL
     * @return the copy
     */
    public BenchFlags withAdapter(String value) {
        return new BenchFlags(value, parser, adminUi);
    }

    /**
     * A copy with another parser flag.
     *
     * @param value {@code json} or {@code msgpack}
     * @return the copy
     */
    public BenchFlags withParser(String value) {
        return new BenchFlags(adapter, value, adminUi);
    }

    /**
     * A copy with another adminUi flag.
     *
     * @param value {@code USER:PASSWORD}
     * @return the copy
     */
    public BenchFlags withAdminUi(String value) {
        return new BenchFlags(adapter, parser, value);
    }
}
