package dev.sockeye.server;

/** A catch-all listener: sees every incoming ({@link Socket#onAny}) or outgoing ({@link Socket#onAnyOutgoing}) event. */
@FunctionalInterface
public interface AnyListener {

    /**
     * @param event the event name
     * @param args  its arguments
     * @throws Exception logged with the socket id
     */
    void onEvent(String event, Args args) throws Exception;
}
