'use strict';
// The Node side of namespace-cap.js: socket.io 4.8 with a dynamic namespace and its defaults
// (cleanupEmptyChildNamespaces false, no cap). usage: node namespace-cap-node-server.js PORT
// (run with NODE_PATH pointing at a node_modules that has socket.io, e.g. the bench reference's).
const { Server } = require('socket.io');
const io = new Server(Number(process.argv[2]), { serveClient: false });
io.of(/^\/dyn-[0-9a-z-]+$/).on('connection', () => {});
io.on('connection', (socket) => socket.on('stats', (ack) => ack({ namespaces: io._nsps.size, rss: process.memoryUsage.rss() })));
setTimeout(() => process.exit(0), 300000).unref();
