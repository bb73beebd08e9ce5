package dev.sockeye.redis;

/**
 * How many Redis shard channels the sharded adapter uses per namespace (Node's
 * {@code subscriptionMode} option of {@code createShardedAdapter}).
 */
public enum SubscriptionMode {

    /** Two channels per namespace: every node receives every broadcast. */
    STATIC,

    /**
     * Two channels per namespace plus one per public room (a room that is not a socket id): a
     * broadcast to one room only reaches the nodes that have it. Node's default.
     */
    DYNAMIC,

    /** Like {@link #DYNAMIC}, with a channel for socket-id rooms too (many 1:1 messages). */
    DYNAMIC_PRIVATE;

    /**
     * The Node spelling: {@code static}, {@code dynamic} or {@code dynamic-private}.
     *
     * @return the name
     */
    public String nodeName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses the Node spelling.
     *
     * @param name {@code static}, {@code dynamic} or {@code dynamic-private}
     * @return the mode
     * @throws IllegalArgumentException for another name
     */
    public static SubscriptionMode fromNodeName(String name) {
        for (SubscriptionMode mode : values()) {
            if (mode.nodeName().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown subscription mode: " + name);
    }
}
