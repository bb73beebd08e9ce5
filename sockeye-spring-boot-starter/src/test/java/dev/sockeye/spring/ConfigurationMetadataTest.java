package dev.sockeye.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration processor's metadata (what IDEs complete in application.yml) lists every sockeye.* property. */
class ConfigurationMetadataTest {

    @Test
    void theMetadataListsTheSockeyePropertiesWithTheirDefaults() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            metadata = JsonMapper.builder().build().readTree(in);
        }
        Map<String, String> defaults = new HashMap<>();
        for (JsonNode property : metadata.path("properties")) {
            defaults.put(
                    property.path("name").asString(),
                    property.path("defaultValue").toString());
        }
        assertThat(defaults)
                .containsEntry("sockeye.path", "\"/socket.io\"")
                .containsEntry("sockeye.ping-interval", "\"25s\"")
                .containsEntry("sockeye.ping-timeout", "\"20s\"")
                .containsEntry("sockeye.connect-timeout", "\"45s\"")
                .containsEntry("sockeye.upgrade-timeout", "\"10s\"")
                .containsEntry("sockeye.max-http-buffer-size", "1000000")
                .containsEntry("sockeye.transports", "[\"polling\",\"websocket\"]")
                .containsEntry("sockeye.allow-eio3", "false")
                .containsEntry("sockeye.adapter", "\"memory\"")
                .containsEntry("sockeye.http-compression.threshold", "1024")
                .containsEntry("sockeye.per-message-deflate.enabled", "false")
                .containsEntry("sockeye.connection-state-recovery.max-disconnection-duration", "\"2m\"")
                .containsEntry("sockeye.redis.key", "\"socket.io\"")
                .containsEntry("sockeye.postgres.channel-prefix", "\"socket.io\"")
                .containsKeys(
                        "sockeye.netty.port",
                        "sockeye.netty.host",
                        "sockeye.cors.allowed-origins",
                        "sockeye.cookie.enabled",
                        "sockeye.max-connections",
                        "sockeye.serve-client");
        assertThat(metadata.path("groups").toString()).contains("sockeye.netty", "sockeye.redis", "sockeye.cors");
    }
}
