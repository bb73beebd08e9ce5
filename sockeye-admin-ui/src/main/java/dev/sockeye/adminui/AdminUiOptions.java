package dev.sockeye.adminui;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AdminUi#instrument} sets up the admin namespace. Immutable; built by {@link #builder()}, which insists
 * on an explicit authentication choice: {@link Builder#basicAuth} (a bcrypt hash) or {@link Builder#noAuth()}.
 *
 * <pre>{@code
 * AdminUiOptions options = AdminUiOptions.builder()
 *         .basicAuth("admin", "$2b$10$heqvAkYMez.Va6Et2uXInOnkCT6/uQj1brkrbyG3LpopDklcq7ZOS")
 *         .mode(AdminUiOptions.Mode.PRODUCTION)
 *         .build();
 * }</pre>
 *
 * @param namespaceName    the admin namespace
 * @param username         the user name of basic authentication, {@code null} when authentication is off
 * @param passwordHash     the bcrypt hash of the password, {@code null} when authentication is off
 * @param readonly         whether the UI may only look (no emit, join, leave nor disconnect)
 * @param serverId         the name of this server in the UI
 * @param mode             what the UI is told about
 * @param sessionDuration  how long a session id stays valid
 * @param maxLoginFailures the failed logins allowed per remote address within {@code loginFailureWindow}
 * @param loginFailureWindow the window over which failed logins are counted
 * @param statsInterval    how often this server sends {@code server_stats}
 */
public record AdminUiOptions(
        String namespaceName,
        String username,
        String passwordHash,
        boolean readonly,
        String serverId,
        Mode mode,
        Duration sessionDuration,
        int maxLoginFailures,
        Duration loginFailureWindow,
        Duration statsInterval) {

    /** Checks what every setup needs; see {@link Builder} for the meaning and defaults. */
    public AdminUiOptions {
        Objects.requireNonNull(namespaceName, "namespaceName");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sessionDuration, "sessionDuration");
        Objects.requireNonNull(loginFailureWindow, "loginFailureWindow");
        Objects.requireNonNull(statsInterval, "statsInterval");
        if ((username == null) != (passwordHash == null)) {
            throw new IllegalArgumentException("username and passwordHash go together");
        }
    }

    /** What the UI is told about (Node's {@code mode}). */
    public enum Mode {
        /** Every socket, room and event as it happens, plus the aggregated stats. */
        DEVELOPMENT,
        /** The aggregated stats only: cheaper on a busy server. */
        PRODUCTION
    }

    /** A builder with every default; an authentication choice is still needed. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options without the password hash (a hash still lets an attacker guess offline). */
    @Override
    public String toString() {
        return "AdminUiOptions[namespaceName=" + namespaceName + ", username=" + username
                + ", passwordHash=" + (passwordHash == null ? "none" : "(hidden)") + ", readonly=" + readonly
                + ", serverId=" + serverId + ", mode=" + mode + ", sessionDuration=" + sessionDuration
                + ", maxLoginFailures=" + maxLoginFailures + ", loginFailureWindow=" + loginFailureWindow
                + ", statsInterval=" + statsInterval + "]";
    }

    /** Whether a login is required. */
    public boolean authRequired() {
        return passwordHash != null;
    }

    /** Builds {@link AdminUiOptions}. Every setter says its default. */
    public static final class Builder {
        private String namespaceName = "/admin";
        private String username;
        private String passwordHash;
        private boolean noAuth;
        private boolean readonly;
        private String serverId;
        private Mode mode = Mode.DEVELOPMENT;
        private Duration sessionDuration = Duration.ofHours(24);
        private int maxLoginFailures = 5;
        private Duration loginFailureWindow = Duration.ofMinutes(1);
        private Duration statsInterval = Duration.ofSeconds(2);

        private Builder() {}

        /**
         * The admin namespace. Whoever connects to it can see every socket and, unless {@link #readonly}, emit to
         * and disconnect any of them. Defaults to {@code /admin}.
         */
        public Builder namespaceName(String value) {
            Objects.requireNonNull(value, "namespaceName");
            this.namespaceName = value.startsWith("/") ? value : "/" + value;
            return this;
        }

        /**
         * Requires a login: the UI's user name must equal {@code username} and its password must match
         * {@code bcryptHash} ({@code $2a$}, {@code $2b$} or {@code $2y$}, as made by {@code htpasswd -bnBC 10} or
         * any bcrypt tool). Either this or {@link #noAuth()} must be called.
         *
         * @throws IllegalArgumentException when {@code bcryptHash} is not a bcrypt hash
         */
        public Builder basicAuth(String username, String bcryptHash) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(bcryptHash, "bcryptHash");
            byte[] hash = bcryptHash.getBytes(StandardCharsets.UTF_8);
            if (!BCrypt.verifyer().verify(new byte[0], hash).validFormat) {
                throw new IllegalArgumentException("the password must be a valid bcrypt hash ($2a$, $2b$ or $2y$)");
            }
            this.username = username;
            this.passwordHash = bcryptHash;
            this.noAuth = false;
            return this;
        }

        /**
         * Lets anyone who reaches the admin namespace in, without a login (logged at WARN when instrumenting). For a
         * server on a trusted network only. Either this or {@link #basicAuth} must be called.
         */
        public Builder noAuth() {
            this.noAuth = true;
            this.username = null;
            this.passwordHash = null;
            return this;
        }

        /** Whether the UI may only look: no emit, join, leave nor disconnect. Defaults to false. */
        public Builder readonly(boolean value) {
            this.readonly = value;
            return this;
        }

        /**
         * The name of this server in the UI's server list (servers with the same name are shown as one). Defaults to
         * the host name, or {@code <host name>#<pid>} with a cluster adapter, where several servers may share a host
         * (Node adds the pid in cluster workers).
         */
        public Builder serverId(String value) {
            this.serverId = Objects.requireNonNull(value, "serverId");
            return this;
        }

        /**
         * What the UI is told about: {@link Mode#DEVELOPMENT} adds every socket, room and event as it happens to the
         * aggregated stats of {@link Mode#PRODUCTION}. Defaults to {@link Mode#DEVELOPMENT}, as Node does when
         * {@code NODE_ENV} is unset.
         */
        public Builder mode(Mode value) {
            this.mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /** How long a session id given after a login stays valid. Defaults to 24 hours. */
        public Builder sessionDuration(Duration value) {
            this.sessionDuration = positive(value, "sessionDuration");
            return this;
        }

        /**
         * The login rate limit: after {@code maxFailures} failed logins from one remote address within
         * {@code window}, that address is refused ({@code too many attempts}) without its password being checked
         * until the oldest failure is {@code window} old. Defaults to 5 failures per minute.
         */
        public Builder loginRateLimit(int maxFailures, Duration window) {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures must be >= 1");
            }
            this.maxLoginFailures = maxFailures;
            this.loginFailureWindow = positive(window, "window");
            return this;
        }

        /** How often this server sends {@code server_stats}. Defaults to 2 seconds, as Node. */
        public Builder statsInterval(Duration value) {
            this.statsInterval = positive(value, "statsInterval");
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalStateException when neither {@link #basicAuth} nor {@link #noAuth()} was called
         */
        public AdminUiOptions build() {
            if (passwordHash == null && !noAuth) {
                throw new IllegalStateException(
                        "the Admin UI needs an authentication choice: basicAuth(username, bcryptHash) or noAuth()");
            }
            return new AdminUiOptions(
                    namespaceName,
                    username,
                    passwordHash,
                    readonly,
                    serverId,
                    mode,
                    sessionDuration,
                    maxLoginFailures,
                    loginFailureWindow,
                    statsInterval);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
