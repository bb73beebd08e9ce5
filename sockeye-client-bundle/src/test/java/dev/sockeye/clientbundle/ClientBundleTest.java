package dev.sockeye.clientbundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientBundleTest {

    /** SHA-256 of the dist files of the npm package socket.io-client 4.8.4 (sha256sum node_modules/socket.io-client/dist/*). */
    private static final Map<String, String> NPM_SHA256 = Map.of(
            "socket.io.esm.min.js", "771c3872e7d9bf81020615fda67ef0fd2aa61fcaf1990100714a46fa2c39f8a1",
            "socket.io.esm.min.js.map", "c9d398fa2ec6a2154406f992a9fe32dfbbe8fda8b4804ee2d292d131362d731f",
            "socket.io.js", "e135466dffd976ef028000a211a6dfd4dda0f5a91af760f122585131f4ee9936",
            "socket.io.js.map", "cfce7ead20857eec01b8174c8428fe5cb57e767afdd23f0b880e0ca2ff37424c",
            "socket.io.min.js", "d5d79a35039e860b32bdef4795528b05c2f788d4b2d9dacc913120e2878f7b3f",
            "socket.io.min.js.map", "f3bb40c9acac4071f1875bb9f09f113b0ccbc14bed1d1c46963bf64b41a3d6fe",
            "socket.io.msgpack.min.js", "6b70101fcbb8a33e4d1a784f35f0aab2eee0d4fb84a374613019753ba998ce67",
            "socket.io.msgpack.min.js.map", "77165466ad50ee0f502d4a123d2d6fdabf82ec21529533abef5a1a64326b98d5");

    private final ClientBundle bundle = ClientBundle.standard();

    @Test
    void shipsEveryDistFileOfTheNpmPackageByteForByte() {
        assertThat(ClientBundle.FILE_NAMES).isEqualTo(NPM_SHA256.keySet());
        for (String name : ClientBundle.FILE_NAMES) {
            ByteBuffer content = bundle.content(name).orElseThrow();
            assertThat(sha256(bytes(content))).as(name).isEqualTo(NPM_SHA256.get(name));
        }
    }

    @Test
    void versionAndEtagAreThoseOfThePinnedClient() {
        assertThat(bundle.version()).isEqualTo("4.8.4");
        assertThat(bundle.etag()).isEqualTo("\"4.8.4\"");
    }

    @ParameterizedTest
    @CsvSource({
        "/socket.io/, /socket.io/socket.io.js, socket.io.js",
        "/socket.io, /socket.io/socket.io.min.js, socket.io.min.js",
        "/socket.io/, /socket.io/socket.io.esm.min.js?v=3, socket.io.esm.min.js",
        "/socket.io/, /socket.io/socket.io.msgpack.min.js.map, socket.io.msgpack.min.js.map",
        "/custom/, /custom/socket.io.js, socket.io.js",
        "/socket.io/, /socket.io/?EIO=4&transport=polling, ''",
        "/socket.io/, /socket.io/index.html, ''",
        "/socket.io/, /socket.io/dist/socket.io.js, ''",
        "/socket.io/, /socket.io.js, ''",
        "/custom/, /socket.io/socket.io.js, ''",
    })
    void findsTheFileByTheNodeServersRule(String path, String uri, String expected) {
        assertThat(ClientBundle.fileName(path, uri).orElse("")).isEqualTo(expected);
    }

    @Test
    void servesScriptsWithTheNodeServersHeaders() {
        ClientBundle.Response response = bundle.serve("/socket.io/", "/socket.io/socket.io.js", null, null)
                .orElseThrow();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers())
                .containsExactly(
                        Map.entry("Cache-Control", "public, max-age=0"),
                        Map.entry("ETag", "\"4.8.4\""),
                        Map.entry("Content-Type", "application/javascript; charset=utf-8"),
                        Map.entry("Vary", "Accept-Encoding"),
                        Map.entry("Content-Length", "153519"));
        assertThat(bytes(response.body()))
                .isEqualTo(bytes(bundle.content("socket.io.js").orElseThrow()));
    }

    @Test
    void servesSourceMapsAsJson() {
        ClientBundle.Response response = bundle.respond("socket.io.min.js.map", null, null);

        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(sha256(bytes(response.body()))).isEqualTo(NPM_SHA256.get("socket.io.min.js.map"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"4.8.4\"",
                "W/\"4.8.4\"",
                "\"1.0.0\", \"4.8.4\"",
                "*",
            })
    void answersNotModifiedWhenTheClientHasThisVersion(String ifNoneMatch) {
        ClientBundle.Response response = bundle.respond("socket.io.min.js", ifNoneMatch, "gzip");

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.body().remaining()).isZero();
        assertThat(response.headers()).containsEntry("ETag", "\"4.8.4\"").doesNotContainKey("Content-Encoding");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"\"4.8.3\"", "4.8.4", "W/\"4.8.5\"", "''"})
    void sendsTheFileWhenTheClientHasAnotherVersion(String ifNoneMatch) {
        ClientBundle.Response response = bundle.respond("socket.io.min.js", ifNoneMatch, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().remaining()).isEqualTo(47295);
    }

    @Test
    void gzipBodyInflatesToTheFile() throws IOException {
        ClientBundle.Response response = bundle.respond("socket.io.js", null, "gzip, deflate, br");

        assertThat(response.headers()).containsEntry("Content-Encoding", "gzip");
        byte[] body = bytes(response.body());
        assertThat(response.headers()).containsEntry("Content-Length", Integer.toString(body.length));
        assertThat(body.length).isLessThan(153519 / 2);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(NPM_SHA256.get("socket.io.js"));
        }
    }

    @Test
    void deflateBodyIsZlibFormatOfTheFile() throws IOException {
        ClientBundle.Response response = bundle.respond("socket.io.esm.min.js", null, "deflate");

        assertThat(response.headers()).containsEntry("Content-Encoding", "deflate");
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(bytes(response.body())))) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(NPM_SHA256.get("socket.io.esm.min.js"));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "gzip, deflate, br        | gzip",
                "br, gzip, deflate        | gzip",
                "deflate, gzip            | deflate",
                "gzip;q=0.5, deflate      | deflate",
                "GZIP                     | gzip",
                "*                        | gzip",
                "*, gzip;q=0              | deflate",
                "deflate;q=0.8, *;q=0.9   | gzip",
                "gzip;q=0                 | ''",
                "identity                 | ''",
                "br                       | ''",
                "''                       | ''",
            })
    void negotiatesTheEncodingLikeNodesAccepts(String acceptEncoding, String expected) {
        String chosen = ClientBundle.negotiate(acceptEncoding);
        assertThat(chosen == null ? "" : chosen).isEqualTo(expected);
    }

    @Test
    void refusesNamesThatAreNotClientFiles() {
        assertThat(bundle.content("package.json")).isEmpty();
        assertThatThrownBy(() -> bundle.respond("../bundle.properties", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
