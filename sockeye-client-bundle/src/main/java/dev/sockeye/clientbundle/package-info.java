/**
 * The official {@code socket.io-client} browser bundle, shipped in this jar, and how to serve it.
 *
 * <p>{@link dev.sockeye.clientbundle.ClientBundle} knows which file answers which path, with which headers
 * (ETag, caching, content type, compression), without depending on any HTTP library: the Netty front, or any other,
 * writes the {@link dev.sockeye.clientbundle.ClientBundle.Response} it gets.
 */
package dev.sockeye.clientbundle;
