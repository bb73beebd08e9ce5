package dev.sockeye.adminui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminUiOptionsTest {

    @Test
    void anAuthenticationChoiceIsRequired() {
        assertThatThrownBy(() -> AdminUiOptions.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("basicAuth(username, bcryptHash) or noAuth()");
        assertThat(AdminUiOptions.builder().noAuth().build().authRequired()).isFalse();
    }

    @Test
    void theDefaultsAreNodesPlusTheRateLimit() {
        AdminUiOptions options = AdminUiOptions.builder()
                .basicAuth("admin", hash(BCrypt.Version.VERSION_2B))
                .build();
        assertThat(options.authRequired()).isTrue();
        assertThat(options.namespaceName()).isEqualTo("/admin");
        assertThat(options.readonly()).isFalse();
        assertThat(options.serverId()).isNull();
        assertThat(options.mode()).isEqualTo(AdminUiOptions.Mode.DEVELOPMENT);
        assertThat(options.sessionDuration()).isEqualTo(Duration.ofHours(24));
        assertThat(options.maxLoginFailures()).isEqualTo(5);
        assertThat(options.loginFailureWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.statsInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2a", "2b", "2y"})
    void everyBcryptVariantIsAccepted(String variant) {
        String hash = hash(version(variant));
        assertThat(hash).startsWith("$" + variant + "$");
        assertThat(AdminUiOptions.builder().basicAuth("admin", hash).build().passwordHash())
                .isEqualTo(hash);
    }

    @Test
    void aPasswordInsteadOfAHashIsRefusedAtOnce() {
        assertThatThrownBy(() -> AdminUiOptions.builder().basicAuth("admin", "changeit"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bcrypt hash");
    }

    @Test
    void theHashStaysOutOfToString() {
        String hash = hash(BCrypt.Version.VERSION_2B);
        assertThat(AdminUiOptions.builder().basicAuth("admin", hash).build().toString())
                .doesNotContain(hash)
                .contains("username=admin", "passwordHash=(hidden)");
    }

    @Test
    void theNamespaceNameGetsItsSlash() {
        assertThat(AdminUiOptions.builder()
                        .noAuth()
                        .namespaceName("ops")
                        .build()
                        .namespaceName())
                .isEqualTo("/ops");
    }

    static BCrypt.Version version(String variant) {
        return switch (variant) {
            case "2a" -> BCrypt.Version.VERSION_2A;
            case "2b" -> BCrypt.Version.VERSION_2B;
            case "2y" -> BCrypt.Version.VERSION_2Y;
            default -> throw new IllegalArgumentException(variant);
        };
    }

    static String hash(BCrypt.Version version) {
        return BCrypt.with(version).hashToString(4, "s3cret".toCharArray());
    }
}
