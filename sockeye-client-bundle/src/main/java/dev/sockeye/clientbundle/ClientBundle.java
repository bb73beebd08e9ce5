package dev.sockeye.clientbundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The official {@code socket.io-client} browser bundle and the rules to serve it, independent of any HTTP library.
 *
 * <p>The files are the {@code dist/} files of the npm package {@code socket.io-client} (version {@link #version()}),
 * fetched when this module is built and shipped inside its jar, byte for byte. Serving follows the Node server
 * ({@code socket.io} {@code Server#serve}): the files answer at {@code <path>/<file name>} (for example
 * {@code /socket.io/socket.io.js}), the ETag is the quoted client version, a matching {@code If-None-Match} (strong or
 * weak) answers {@code 304}, {@code Cache-Control} is {@code public, max-age=0}, scripts are
 * {@code application/javascript; charset=utf-8} and source maps {@code application/json; charset=utf-8}, and the body
 * is gzip- or deflate-compressed when the client accepts it.
 *
 * <p>An HTTP front asks {@link #serve(String, String, String, String)} for every request under its Socket.IO path and
 * writes the answer as given; an empty result means "not a client file", so the request goes on to the engine:
 *
 * <pre>{@code
 * Optional<ClientBundle.Response> reply = ClientBundle.standard()
 *         .serve("/socket.io/", request.uri(), request.header("If-None-Match"), request.header("Accept-Encoding"));
 * if (reply.isPresent()) {
 *     reply.get().headers().forEach(response::setHeader);
 *     response.send(reply.get().status(), reply.get().body());
 * }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; compressed forms are computed once, on first demand.
 */
public final class ClientBundle {

    /** The files served, as the Node server lists them: four scripts and their source maps. */
    public static final Set<String> FILE_NAMES = Set.of(
            "socket.io.js",
            "socket.io.js.map",
            "socket.io.min.js",
            "socket.io.min.js.map",
            "socket.io.esm.min.js",
            "socket.io.esm.min.js.map",
            "socket.io.msgpack.min.js",
            "socket.io.msgpack.min.js.map");

    private static final String RESOURCE_DIR = "/dev/sockeye/clientbundle/";

    /** The encodings offered, in the order this server prefers them when the client rates them equally. */
    private static final List<String> ENCODINGS = List.of("gzip", "deflate");

    private static volatile ClientBundle standard;

    private final String version;
    private final String etag;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> compressed = new ConcurrentHashMap<>();

    private ClientBundle(String version) {
        this.version = version;
        // Quoted, as RFC 7232 wants and as the Node server sends it.
        this.etag = '"' + version + '"';
    }

    /**
     * Returns the bundle shipped in this jar.
     *
     * @return the shared instance
     * @throws IllegalStateException if the jar was built without its {@code dist/} files
     */
    public static ClientBundle standard() {
        ClientBundle bundle = standard;
        if (bundle == null) {
            synchronized (ClientBundle.class) {
                bundle = standard;
                if (bundle == null) {
                    bundle = new ClientBundle(readVersion());
                    // Fail at first use rather than on a browser's request much later.
                    bundle.file("socket.io.js");
                    standard = bundle;
                }
            }
        }
        return bundle;
    }

    /**
     * The npm version of {@code socket.io-client} the files come from.
     *
     * @return for example {@code 4.8.4}
     */
    public String version() {
        return version;
    }

    /**
     * The entity tag of every file: the version in double quotes, as the Node server sends it.
     *
     * @return for example {@code "4.8.4"} (with the quotes)
     */
    public String etag() {
        return etag;
    }

    /**
     * The uncompressed content of one file, exactly as in the npm package.
     *
     * @param fileName one of {@link #FILE_NAMES}
     * @return a read-only view of the content, or empty if {@code fileName} is not a client file
     */
    public Optional<ByteBuffer> content(String fileName) {
        if (!FILE_NAMES.contains(fileName)) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(file(fileName)).asReadOnlyBuffer());
    }

    /**
     * The client file a request asks for, by the Node server's rule: the request URI starts with the Socket.IO path,
     * and what follows it up to the query string is a client file name.
     *
     * @param path the Socket.IO path, with or without the trailing slash (for example {@code /socket.io/})
     * @param requestUri the request URI as received (path and query, for example {@code /socket.io/socket.io.js?v=1})
     * @return the file name, or empty if the request is not for a client file
     */
    public static Optional<String> fileName(String path, String requestUri) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(requestUri, "requestUri");
        String prefix = path.endsWith("/") ? path : path + "/";
        if (!requestUri.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = requestUri.substring(prefix.length());
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        return FILE_NAMES.contains(name) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Answers a request if it asks for a client file.
     *
     * @param path the Socket.IO path, with or without the trailing slash (for example {@code /socket.io/})
     * @param requestUri the request URI as received (path and query)
     * @param ifNoneMatch the request's {@code If-None-Match} header, or {@code null}
     * @param acceptEncoding the request's {@code Accept-Encoding} header, or {@code null}
     * @return the response to send, or empty if the request is not for a client file (let the engine have it)
     */
    public Optional<Response> serve(String path, String requestUri, String ifNoneMatch, String acceptEncoding) {
        return fileName(path, requestUri).map(name -> respond(name, ifNoneMatch, acceptEncoding));
    }

    /**
     * The response for one client file.
     *
     * @param fileName one of {@link #FILE_NAMES}
     * @param ifNoneMatch the request's {@code If-None-Match} header, or {@code null}
     * @param acceptEncoding the request's {@code Accept-Encoding} header, or {@code null}
     * @return {@code 304} without a body when the client's copy is current, otherwise {@code 200} with the file
     * @throws IllegalArgumentException if {@code fileName} is not a client file
     */
    public Response respond(String fileName, String ifNoneMatch, String acceptEncoding) {
        if (!FILE_NAMES.contains(fileName)) {
            throw new IllegalArgumentException("not a client file: " + fileName);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "public, max-age=0");
        headers.put("ETag", etag);
        if (matches(ifNoneMatch)) {
            return new Response(304, headers, new byte[0]);
        }
        headers.put(
                "Content-Type",
                "application/" + (fileName.endsWith(".map") ? "json" : "javascript") + "; charset=utf-8");
        // The body depends on Accept-Encoding, so shared caches must key on it.
        headers.put("Vary", "Accept-Encoding");
        String encoding = negotiate(acceptEncoding);
        byte[] body;
        if (encoding == null) {
            body = file(fileName);
        } else {
            headers.put("Content-Encoding", encoding);
            body = compressed.computeIfAbsent(encoding + ' ' + fileName, k -> compress(encoding, file(fileName)));
        }
        headers.put("Content-Length", Integer.toString(body.length));
        return new Response(200, headers, body);
    }

    /** True if the {@code If-None-Match} list names this version, strongly or weakly, or is {@code *}. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Picks the content coding as the Node server's {@code accepts} does: highest q-value first, then an exact name
     * before {@code *}, then the client's order, then ours; q=0 refuses. Brotli is not offered (the JDK has no
     * encoder), so a client that prefers it gets gzip.
     *
     * @return {@code gzip}, {@code deflate}, or {@code null} for the plain file
     */
    static String negotiate(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return null;
        }
        String best = null;
        double bestQ = 0;
        int bestSpecificity = -1;
        int bestOrder = Integer.MAX_VALUE;
        String[] items = acceptEncoding.split(",");
        for (String offered : ENCODINGS) {
            // The entry of the header that rates this coding: an exact name wins over '*', then the higher q.
            double q = 0;
            int specificity = -1;
            int order = Integer.MAX_VALUE;
            for (int i = 0; i < items.length; i++) {
                String[] parts = items[i].trim().split(";");
                String name = parts[0].trim().toLowerCase(Locale.ROOT);
                int s = name.equals(offered) ? 1 : name.equals("*") ? 0 : -1;
                if (s < 0) {
                    continue;
                }
                double itemQ = qValue(parts);
                if (s > specificity || (s == specificity && itemQ > q)) {
                    specificity = s;
                    q = itemQ;
                    order = i;
                }
            }
            if (q <= 0) {
                continue;
            }
            boolean better = best == null
                    || q > bestQ
                    || (q == bestQ && specificity > bestSpecificity)
                    || (q == bestQ && specificity == bestSpecificity && order < bestOrder);
            if (better) {
                best = offered;
                bestQ = q;
                bestSpecificity = specificity;
                bestOrder = order;
            }
        }
        return best;
    }

    private static double qValue(String[] parts) {
        for (int p = 1; p < parts.length; p++) {
            String param = parts[p].trim();
            if (param.startsWith("q=")) {
                try {
                    return Double.parseDouble(param.substring(2).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static byte[] compress(String encoding, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3);
        try {
            if (encoding.equals("gzip")) {
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(data);
                }
            } else {
                // "deflate" in HTTP is the zlib format (RFC 1950), which is what Deflater writes by default.
                Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
                try (DeflaterOutputStream deflate = new DeflaterOutputStream(out, deflater)) {
                    deflate.write(data);
                } finally {
                    deflater.end();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] file(String fileName) {
        return files.computeIfAbsent(fileName, name -> readResource(RESOURCE_DIR + "dist/" + name));
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = resource(RESOURCE_DIR + "bundle.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Objects.requireNonNull(properties.getProperty("version"), "version in bundle.properties");
    }

    private static byte[] readResource(String name) {
        try (InputStream in = resource(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ClientBundle.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(
                    name + " is missing: sockeye-client-bundle was built without the socket.io-client files");
        }
        return in;
    }

    /** One HTTP answer: status, headers in sending order, body. Immutable. */
    public static final class Response {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        private Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = Collections.unmodifiableMap(headers);
            this.body = body;
        }

        /**
         * The HTTP status.
         *
         * @return {@code 200} or {@code 304}
         */
        public int status() {
            return status;
        }

        /**
         * The response headers, in a stable order, canonical capitalisation; {@code Content-Length} included when
         * there is a body.
         *
         * @return an unmodifiable map
         */
        public Map<String, String> headers() {
            return headers;
        }

        /**
         * The body, already encoded as {@code Content-Encoding} says; empty for {@code 304}.
         *
         * @return a read-only view (shared, so never copied per request)
         */
        public ByteBuffer body() {
            return ByteBuffer.wrap(body).asReadOnlyBuffer();
        }

        @Override
        public String toString() {
            return "Response[" + status + ", " + headers + "]";
        }
    }
}
