package dev.sockeye.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** gzip/deflate of polling responses, negotiated from {@code Accept-Encoding} like Node's {@code accepts}. */
final class HttpCompression {
    private HttpCompression() {}

    /** {@code "gzip"}, {@code "deflate"} or {@code null}: the best accepted one, gzip on ties. */
    static String negotiate(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isEmpty()) {
            return null;
        }
        double gzip = -1;
        double deflate = -1;
        double any = -1;
        int parts = 0;
        for (String part : acceptEncoding.split(",")) {
            if (++parts > 32) {
                break; // a header with hundreds of entries is not a real browser's
            }
            String[] fields = part.split(";");
            String name = fields[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].trim();
                if (f.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(f.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            switch (name) {
                case "gzip":
                    gzip = Math.max(gzip, q);
                    break;
                case "deflate":
                    deflate = Math.max(deflate, q);
                    break;
                case "*":
                    any = Math.max(any, q);
                    break;
                default:
                    break;
            }
        }
        if (gzip < 0) {
            gzip = any;
        }
        if (deflate < 0) {
            deflate = any;
        }
        if (gzip <= 0 && deflate <= 0) {
            return null;
        }
        return gzip >= deflate ? "gzip" : "deflate";
    }

    static byte[] compress(byte[] data, String encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 3));
        try (DeflaterOutputStream z =
                "gzip".equals(encoding) ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return out.toByteArray();
    }
}
