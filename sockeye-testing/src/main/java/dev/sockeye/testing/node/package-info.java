/**
 * {@link dev.sockeye.testing.node.NodePeer}: a Node.js script driven as a real peer of a test (official npm
 * clients, or a Node Socket.IO server with its adapter), through lines on its stdin and stdout.
 */
package dev.sockeye.testing.node;
