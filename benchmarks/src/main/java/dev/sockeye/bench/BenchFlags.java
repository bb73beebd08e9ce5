package dev.sockeye.bench;

import java.util.List;
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
 * @param recovery connection state recovery with Node's defaults (2 minutes, middlewares skipped): ticks then carry
 *                 their offset as last argument; with a cluster adapter, recovery works if that adapter keeps sessions
 * @param allowEio3 Engine.IO v3 clients (Socket.IO v2 clients) accepted too ({@code allowEIO3})
 * @param front   the HTTP front: {@code netty} (the standalone Netty server), or {@code tomcat} / {@code jetty} (the
 *                servlet front in that embedded container)
 * @param transport the Netty front's transport, {@code auto} (the default: epoll, else io_uring, else NIO),
 *                  {@code nio}, {@code epoll} or {@code io_uring}
 */
public record BenchFlags(
        String adapter,
        String parser,
        String adminUi,
        boolean recovery,
        boolean allowEio3,
        String front,
        String transport) {
    /**
     * In-memory adapter, JSON parser, no instrumentation, no recovery, Engine.IO v4 clients only, the Netty front on
     * the best transport.
     */
    public static final BenchFlags DEFAULTS = new BenchFlags("", "json", "", false, false, "netty", "auto");

    /** Checks no flag is null. */
    public BenchFlags {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(adminUi, "adminUi");
        Objects.requireNonNull(front, "front");
        Objects.requireNonNull(transport, "transport");
    }

    /**
     * Reads {@code --adapter URL}, {@code --parser json|msgpack}, {@code --admin-ui USER:PASSWORD},
     * {@code --recovery}, {@code --allow-eio3}, {@code --front netty|tomcat|jetty} and
     * {@code --transport auto|nio|epoll|io_uring}.
     *
     * @param args the command line
     * @return the flags, defaults for those absent
     */
    public static BenchFlags parse(String[] args) {
        return new BenchFlags(
                BenchServer.option(args, "--adapter", DEFAULTS.adapter),
                BenchServer.option(args, "--parser", DEFAULTS.parser),
                BenchServer.option(args, "--admin-ui", DEFAULTS.adminUi),
                List.of(args).contains("--recovery"),
                List.of(args).contains("--allow-eio3"),
                BenchServer.option(args, "--front", DEFAULTS.front),
                BenchServer.option(args, "--transport", DEFAULTS.transport));
    }

    /**
     * A copy with another adapter flag.
     *
     * @param value the adapter URL
     * @return the copy
     */
    public BenchFlags withAdapter(String value) {
        return new BenchFlags(value, parser, adminUi, recovery, allowEio3, front, transport);
    }

    /**
     * A copy with another parser flag.
     *
     * @param value {@code json} or {@code msgpack}
     * @return the copy
     */
    public BenchFlags withParser(String value) {
        return new BenchFlags(adapter, value, adminUi, recovery, allowEio3, front, transport);
    }

    /**
     * A copy with another adminUi flag.
     *
     * @param value {@code USER:PASSWORD}
     * @return the copy
     */
    public BenchFlags withAdminUi(String value) {
        return new BenchFlags(adapter, parser, value, recovery, allowEio3, front, transport);
    }

    /**
     * A copy with another recovery flag.
     *
     * @param value whether connection state recovery is on
     * @return the copy
     */
    public BenchFlags withRecovery(boolean value) {
        return new BenchFlags(adapter, parser, adminUi, value, allowEio3, front, transport);
    }

    /**
     * A copy with another allowEio3 flag.
     *
     * @param value whether Engine.IO v3 clients are accepted
     * @return the copy
     */
    public BenchFlags withAllowEio3(boolean value) {
        return new BenchFlags(adapter, parser, adminUi, recovery, value, front, transport);
    }

    /**
     * A copy with another front flag.
     *
     * @param value {@code netty}, {@code tomcat} or {@code jetty}
     * @return the copy
     */
    public BenchFlags withFront(String value) {
        return new BenchFlags(adapter, parser, adminUi, recovery, allowEio3, value, transport);
    }
}
