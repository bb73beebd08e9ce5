package dev.sockeye.adminui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The Admin UI's static files ({@code ui/dist} of the npm package {@code @socket.io/admin-ui}, version
 * {@link #version()}), fetched when this module is built and shipped inside its jar, without source maps. Independent
 * of any HTTP library: {@link AdminUiHttpHandler} serves them with Netty. Only the files of the package can be asked
 * for; all their URLs are relative, so they can be served under any path.
 */
public final class AdminUiFiles {
    private static final String DIR = "/dev/sockeye/adminui/dist/";
    /** The npm version, written by the build; beside dist/ (a jar resolves no "..", so not reached through it). */
    private static final String PROPERTIES = "/dev/sockeye/adminui/ui.properties";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "application/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private static volatile AdminUiFiles standard;

    private final String version;
    private final Map<String, File> files;

    /**
     * One file.
     *
     * @param contentType its {@code Content-Type}
     * @param content     its bytes (do not change them)
     */
    public record File(String contentType, byte[] content) {}

    private AdminUiFiles(String version, Map<String, File> files) {
        this.version = version;
        this.files = files;
    }

    /**
     * The files shipped in this jar, read once.
     *
     * @throws IllegalStateException if the jar was built without them
     */
    public static AdminUiFiles standard() {
        AdminUiFiles loaded = standard;
        if (loaded == null) {
            synchronized (AdminUiFiles.class) {
                loaded = standard;
                if (loaded == null) {
                    loaded = load();
                    standard = loaded;
                }
            }
        }
        return loaded;
    }

    /** The npm version of {@code @socket.io/admin-ui} the files come from, e.g. {@code 0.5.1}. */
    public String version() {
        return version;
    }

    /**
     * A file by its path inside {@code ui/dist}: {@code ""} and {@code "index.html"} are the page,
     * {@code "js/app.0d7d7845.js"} a script.
     *
     * @return the file, or empty when the package has no such file
     */
    public Optional<File> find(String relativePath) {
        return Optional.ofNullable(files.get(relativePath.isEmpty() ? "index.html" : relativePath));
    }

    private static AdminUiFiles load() {
        Properties properties = new Properties();
        String list;
        try (InputStream props = AdminUiFiles.class.getResourceAsStream(PROPERTIES);
                InputStream names = resource("files.list")) {
            if (props == null) {
                throw new IllegalStateException(PROPERTIES + " is not on the classpath");
            }
            properties.load(props);
            list = new String(names.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, File> files = new HashMap<>();
        for (String name : list.split("\\R")) {
            if (name.isBlank()) {
                continue;
            }
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            try (InputStream in = resource(name)) {
                files.put(name, new File(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!files.containsKey("index.html")) {
            throw new IllegalStateException("the Admin UI files are missing from the jar (index.html)");
        }
        return new AdminUiFiles(properties.getProperty("version"), Map.copyOf(files));
    }

    private static InputStream resource(String name) {
        InputStream in = AdminUiFiles.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException(
                    DIR + name + " is not on the classpath: the jar was built without the " + "Admin UI files");
        }
        return in;
    }
}
