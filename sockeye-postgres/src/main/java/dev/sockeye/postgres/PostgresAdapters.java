package dev.sockeye.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Factories from a connection URL, for command lines and configuration files.
 *
 * <pre>{@code
 * PostgresAdapterFactory adapters = PostgresAdapters.fromUrl("postgres://postgres@127.0.0.1:5432/test");
 * }</pre>
 */
public final class PostgresAdapters {

    private PostgresAdapters() {}

    /**
     * A factory with the default options for a URL of the form
     * {@code postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE} ({@code postgresql://} too).
     *
     * @param url the URL
     * @return the factory, already connecting
     * @throws IllegalArgumentException when the URL is not of that form
     */
    public static PostgresAdapterFactory fromUrl(String url) {
        return fromUrl(url, PostgresAdapterOptions.defaults());
    }

    /**
     * A factory with the given options for a URL of the form
     * {@code postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE}.
     *
     * @param url     the URL
     * @param options the options
     * @return the factory, already connecting
     * @throws IllegalArgumentException when the URL is not of that form
     */
    public static PostgresAdapterFactory fromUrl(String url, PostgresAdapterOptions options) {
        return PostgresAdapter.factory(dataSource(url), options);
    }

    /**
     * A pgjdbc data source (no pool: the adapter holds its two connections) for a URL of the
     * form {@code postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE}, with TCP keep-alive on.
     *
     * @param url the URL
     * @return the data source
     * @throws IllegalArgumentException when the URL is not of that form
     */
    public static PGSimpleDataSource dataSource(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
            throw new IllegalArgumentException("expected postgres://USER@HOST:PORT/DATABASE, got " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + url);
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2) {
            throw new IllegalArgumentException("no database in " + url);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {uri.getHost()});
        ds.setPortNumbers(new int[] {uri.getPort() == -1 ? 5432 : uri.getPort()});
        ds.setDatabaseName(decode(path.substring(1)));
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            ds.setUser(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0) {
                ds.setPassword(decode(userInfo.substring(colon + 1)));
            }
        }
        ds.setTcpKeepAlive(true);
        ds.setApplicationName("sockeye");
        return ds;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
