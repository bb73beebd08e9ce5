package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The golden vectors sockeye-core's MsgpackParserGoldenTest reads are what npm socket.io-msgpack-parser
 * 3.0.2 writes today: {@code node/msgpack/vectors.js} run again gives the committed file.
 */
class MsgpackVectorsTest {

    private static final Path COMMITTED =
            Path.of("../sockeye-core/src/test/resources/dev/sockeye/core/parser/msgpack-vectors.txt");

    @Test
    void theCommittedVectorsAreWhatTheNpmParserWrites() throws Exception {
        Process node = new ProcessBuilder("node", "msgpack/vectors.js")
                .directory(new File(System.getProperty("sockeye.node.dir", "node")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String written = new String(node.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).isZero();
        assertThat(written).hasLineCount(23).isEqualTo(Files.readString(COMMITTED, StandardCharsets.US_ASCII));
    }
}
