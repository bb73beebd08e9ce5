package dev.sockeye.adminui;

import dev.sockeye.adminui.internal.Activity;
import dev.sockeye.adminui.internal.AdminAuth;
import dev.sockeye.adminui.internal.AdminChannel;
import dev.sockeye.adminui.internal.Commands;
import dev.sockeye.adminui.internal.EngineStats;
import dev.sockeye.adminui.internal.EventBuffer;
import dev.sockeye.adminui.internal.LoginLimiter;
import dev.sockeye.adminui.internal.Sessions;
import dev.sockeye.adminui.internal.SocketDirectory;
import dev.sockeye.adminui.internal.StatsReporter;
import dev.sockeye.server.Namespace;
import dev.sockeye.server.Socket;
import dev.sockeye.server.SocketIoServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.1, hosted at {@code https://admin.socket.io} or
 * served by {@link AdminUiHttpHandler}) manage a Sockeye server as it manages a Node one (Node's
 * {@code instrument(io, options)}).
 *
 * <pre>{@code
 * SocketIoServer io = SocketIoServer.builder().build();
 * AdminUi adminUi = AdminUi.instrument(io, AdminUiOptions.builder()
 *         .basicAuth("admin", "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS")
 *         .build());
 * AdminUiHttpHandler page = AdminUiHttpHandler.at("/admin-ui/"); // optional: the UI itself
 * NettySocketIoServer.builder(io).port(3000).handler(() -> page).build().start();
 * }</pre>
 *
 * <p>What it sets up, on the admin namespace ({@code /admin} by default):
 * <ul>
 *   <li>the login ({@link AdminUiOptions.Builder#basicAuth}): a bcrypt-checked password gives a session id
 *       ({@code session} event, valid 24 hours by default, this server's memory only); failures are rate-limited per
 *       remote address ({@code too many attempts});</li>
 *   <li>{@code config} with the {@linkplain #supportedFeatures() supported features} on each connection, then in
 *       development mode {@code all_sockets}: every socket of the cluster ({@code fetchSockets()} on every
 *       namespace);</li>
 *   <li>{@code server_stats} every 2 seconds, broadcast to the admin namespace, so that in a cluster every server's
 *       stats reach every UI through the adapter;</li>
 *   <li>in development mode, every socket connection, disconnection, transport upgrade, room change and event as it
 *       happens;</li>
 *   <li>the commands {@code emit}, {@code join}, {@code leave} and {@code _disconnect}, refused in readonly
 *       mode.</li>
 * </ul>
 *
 * <p>Call it once per server, after {@link SocketIoServer#bind} if the application binds its own engine. The
 * counters and listeners add a little work to every connection and packet; development mode adds one broadcast to
 * the admin namespace per socket event, so busy servers should use {@link AdminUiOptions.Mode#PRODUCTION}.
 */
public final class AdminUi implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminUi.class);

    private final AdminUiOptions options;
    private final List<Feature> supportedFeatures;
    private final AdminChannel channel;
    private final EngineStats engineStats;
    private final Activity activity;
    private final StatsReporter stats;

    private AdminUi(SocketIoServer io, AdminUiOptions options) {
        this.options = options;
        this.supportedFeatures = features(options);
        Namespace admin = io.of(options.namespaceName());
        this.channel = new AdminChannel(admin);
        Sessions sessions = new Sessions(options.sessionDuration(), System::nanoTime);
        LoginLimiter limiter =
                new LoginLimiter(options.maxLoginFailures(), options.loginFailureWindow(), System::nanoTime);
        AdminAuth auth = null;
        if (options.authRequired()) {
            auth = new AdminAuth(options.username(), options.passwordHash(), sessions, limiter);
            admin.use(auth);
        } else {
            log.warn(
                    "Admin UI authentication is disabled (noAuth): anyone who reaches namespace {} can see every "
                            + "socket{}",
                    options.namespaceName(),
                    options.readonly() ? "" : " and emit to or disconnect any of them");
        }

        SocketDirectory directory = new SocketDirectory(io);
        directory.listen(admin);
        Commands commands = new Commands(io);
        boolean development = options.mode() == AdminUiOptions.Mode.DEVELOPMENT;
        AdminAuth login = auth;
        admin.onConnection(socket -> onAdminConnection(socket, login, commands, directory, development));

        EventBuffer events = new EventBuffer(System::currentTimeMillis);
        this.engineStats = new EngineStats(events);
        engineStats.listen(io.engine());

        this.activity = new Activity(channel, options.namespaceName(), directory);
        if (development) {
            // Listen for new namespaces first, then take the existing ones: none falls in between, none twice. Weak:
            // a child namespace removed when empty must not stay here.
            Set<Namespace> watched = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
            io.onNewNamespace(nsp -> {
                if (watched.add(nsp)) {
                    activity.watch(nsp);
                }
            });
            for (Namespace nsp : io.namespaces()) {
                if (watched.add(nsp)) {
                    activity.watch(nsp);
                }
            }
        }

        this.stats = new StatsReporter(io, events, options.serverId());
        channel.every(options.statsInterval(), () -> {
            sessions.removeExpired();
            limiter.removeExpired();
            admin.emit("server_stats", stats.take());
        });
    }

    /**
     * Sets up the admin namespace of {@code io} as described above.
     *
     * @param io      the server
     * @param options the options; see {@link AdminUiOptions#builder()}
     * @return the running instrumentation, to {@link #close()} when the server stops
     */
    public static AdminUi instrument(SocketIoServer io, AdminUiOptions options) {
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        return new AdminUi(io, options);
    }

    /** The options. */
    public AdminUiOptions options() {
        return options;
    }

    /** The name of this server in the UI. */
    public String serverId() {
        return stats.serverId();
    }

    /**
     * What the UI is offered, as Node: {@code EMIT, JOIN, LEAVE, DISCONNECT, MJOIN, MLEAVE, MDISCONNECT} unless
     * readonly, then {@code AGGREGATED_EVENTS}, then {@code ALL_EVENTS} in development mode.
     */
    public List<Feature> supportedFeatures() {
        return supportedFeatures;
    }

    /**
     * Stops the stats and the reports. The admin namespace stays (a server cannot remove one) with its login; its
     * sockets are not disconnected.
     */
    @Override
    public void close() {
        engineStats.stop();
        activity.stop();
        channel.close();
    }

    private void onAdminConnection(
            Socket socket, AdminAuth auth, Commands commands, SocketDirectory directory, boolean development) {
        if (options.readonly()) {
            Commands.refuse(socket);
        } else {
            commands.register(socket);
        }
        String session = auth != null ? auth.takeNewSession(socket) : null;
        if (session != null) {
            socket.emit("session", session);
        }
        socket.emit("config", Map.of("supportedFeatures", supportedFeatures));
        if (development) {
            directory.allSockets().whenComplete((sockets, failure) -> {
                if (failure != null) {
                    log.warn("Admin UI: could not list the sockets for admin socket {}", socket.id(), failure);
                } else {
                    socket.emit("all_sockets", sockets);
                }
            });
        }
    }

    private static List<Feature> features(AdminUiOptions options) {
        List<Feature> features = new ArrayList<>();
        if (!options.readonly()) {
            features.addAll(List.of(
                    Feature.EMIT,
                    Feature.JOIN,
                    Feature.LEAVE,
                    Feature.DISCONNECT,
                    Feature.MJOIN,
                    Feature.MLEAVE,
                    Feature.MDISCONNECT));
        }
        features.add(Feature.AGGREGATED_EVENTS);
        if (options.mode() == AdminUiOptions.Mode.DEVELOPMENT) {
            features.add(Feature.ALL_EVENTS);
        }
        return List.copyOf(features);
    }
}
