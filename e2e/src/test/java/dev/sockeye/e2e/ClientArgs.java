package dev.sockeye.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Ack;
import io.socket.emitter.Emitter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * What the official Java clients ({@code io.socket:socket.io-client} 2.x here, 1.x in {@code e2e-v2-java}) receive,
 * as lines of text: events as {@code <event> <args as JSON>}, byte arrays as {@code {"$bin":[…]}}. Uses only what both
 * client versions share ({@link Emitter.Listener}, {@link Ack}, org.json).
 */
public final class ClientArgs {
    private ClientArgs() {}

    /**
     * A listener of {@code event} adding {@code <event> <args>} to {@code into}; an event the server emits with an ack
     * is answered with its own arguments and recorded as {@code <event> <args> acked}.
     */
    public static Emitter.Listener recorder(String event, BlockingQueue<String> into) {
        return args -> {
            if (args.length > 0 && args[args.length - 1] instanceof Ack ack) {
                Object[] rest = Arrays.copyOf(args, args.length - 1);
                ack.call(rest);
                into.add(event + " " + json(rest) + " acked");
            } else {
                into.add(event + " " + json(args));
            }
        };
    }

    /** The next line of {@code received}, failing after {@code timeout}. */
    public static String next(BlockingQueue<String> received, Duration timeout) throws InterruptedException {
        String line = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(line).as("something received within %s", timeout).isNotNull();
        return line;
    }

    /** The arguments as a JSON array, byte arrays as {@code {"$bin":[…]}}. */
    public static String json(Object... args) {
        JSONArray array = new JSONArray();
        for (Object arg : args) {
            array.put(wrap(arg));
        }
        return array.toString();
    }

    private static Object wrap(Object value) {
        try {
            if (value instanceof byte[]) {
                JSONArray bytes = new JSONArray();
                for (byte b : (byte[]) value) {
                    bytes.put(b & 0xff);
                }
                return new JSONObject().put("$bin", bytes);
            }
            if (value instanceof JSONObject) {
                JSONObject in = (JSONObject) value;
                JSONObject out = new JSONObject();
                for (Iterator<?> keys = in.keys(); keys.hasNext(); ) {
                    String key = (String) keys.next();
                    out.put(key, wrap(in.get(key)));
                }
                return out;
            }
            if (value instanceof JSONArray) {
                JSONArray in = (JSONArray) value;
                JSONArray out = new JSONArray();
                for (int i = 0; i < in.length(); i++) {
                    out.put(wrap(in.get(i)));
                }
                return out;
            }
        } catch (JSONException e) {
            throw new IllegalStateException(e);
        }
        return value == null ? JSONObject.NULL : value;
    }
}
