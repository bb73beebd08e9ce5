/**
 * The adapter SPI: how a namespace keeps track of rooms and reaches its sockets, on this node
 * ({@link dev.sockeye.core.adapter.InMemoryAdapter}) or across a cluster
 * ({@code dev.sockeye.core.adapter.cluster}).
 *
 * <p>Two sides meet here. The server implements {@link dev.sockeye.core.adapter.NamespaceHost}
 * (one per namespace) and {@link dev.sockeye.core.adapter.LocalSocket} (one per connected socket);
 * an {@link dev.sockeye.core.adapter.Adapter}, created by an
 * {@link dev.sockeye.core.adapter.AdapterFactory} for each namespace, calls back through them and
 * never imports the server. The shape follows Node's {@code socket.io-adapter} {@code Adapter}.
 */
package dev.sockeye.core.adapter;
