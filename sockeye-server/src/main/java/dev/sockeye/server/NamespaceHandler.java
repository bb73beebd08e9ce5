package dev.sockeye.server;

/** Called when a namespace is created ({@link SocketIoServer#onNewNamespace}). */
@FunctionalInterface
public interface NamespaceHandler {

    /**
     * @param namespace the new namespace
     * @throws Exception logged
     */
    void onNamespace(Namespace namespace) throws Exception;
}
