package dev.sockeye.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The chat page's files (examples/chat/, shipped on the classpath), by request path. A fixed list, so no request can
 * name anything else.
 */
final class StaticFiles {

    /** A file to send: its content type and bytes. */
    record File(String contentType, byte[] content) {}

    private static final String DIR = "/dev/sockeye/examples/chat/";
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private final Map<String, File> files;

    StaticFiles() {
        // Read once at start: three small files, and a missing one fails at start rather than in a browser.
        this.files = Map.of(
                "/", read("index.html"),
                "/index.html", read("index.html"),
                "/app.js", read("app.js"),
                "/style.css", read("style.css"));
    }

    /** The file for a request URI (the query string is ignored), or empty. */
    Optional<File> find(String uri) {
        int query = uri.indexOf('?');
        return Optional.ofNullable(files.get(query < 0 ? uri : uri.substring(0, query)));
    }

    private static File read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException(DIR + name + " is not on the classpath");
            }
            return new File(TYPES.get(name), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
