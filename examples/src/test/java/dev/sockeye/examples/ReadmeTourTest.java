package dev.sockeye.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's tour is HelloServer, which the build compiles: the two may not drift apart. */
class ReadmeTourTest {
    @Test
    void theReadmeTourIsHelloServerLineForLine() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        String tour = readme.substring(readme.indexOf("## A short tour"));
        tour = tour.substring(tour.indexOf("```java\n") + "```java\n".length());
        tour = tour.substring(0, tour.indexOf("```"));

        String source = Files.readString(Path.of("src/main/java/dev/sockeye/examples/HelloServer.java"));
        // the file's package line and its one-line Javadoc are the only lines the README leaves out
        String compiled = source.substring(source.indexOf("import "))
                .replace("/** The README's tour, compiled so it cannot drift from the API. */\n", "");

        assertThat(compiled.strip()).isEqualTo(tour.strip());
    }
}
