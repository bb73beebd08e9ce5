package dev.sockeye.core.adapter;

/**
 * Creates the adapter of a namespace (Node's {@code adapter} server option). The server calls
 * {@link #create} once per namespace, then {@link Adapter#init()}.
 *
 * <pre>{@code
 * SocketIoServer.builder().adapter(InMemoryAdapter.factory())   // the default
 * }</pre>
 */
@FunctionalInterface
public interface AdapterFactory {

    /**
     * Creates the adapter for one namespace.
     *
     * @param host the namespace, as seen by the adapter
     * @return a new adapter, not yet initialised
     */
    Adapter create(NamespaceHost host);
}
