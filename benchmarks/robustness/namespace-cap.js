'use strict';
// The namespace-cap attack: one client (one connection) connects to and leaves COUNT dynamic
// namespaces /dyn-h<i> in a loop, 50 at a time; then another client connects to a fresh /dyn-fresh.
// One JSON line: how long the loop took, how many CONNECTs were refused, whether and how fast the
// later client got in, and the server's namespace count and RSS before and after (its `stats` event).
// usage: node namespace-cap.js PORT COUNT   (a server of namespace-cap-node-server.js or NamespaceCapServer.java)
// Loopback only; gives up after 10 minutes.
const path = require('node:path');
const { Manager } = require(path.join(__dirname, '../../e2e/node/node_modules/socket.io-client'));

const [port, count] = process.argv.slice(2).map(Number);
const url = `http://127.0.0.1:${port}`;
const once = (socket) => new Promise((resolve) => {
  socket.once('connect', () => resolve(true));
  socket.once('connect_error', () => resolve(false));
});

async function main() {
  const hostile = new Manager(url, { transports: ['websocket'], reconnection: false });
  const main = hostile.socket('/');
  await once(main);
  const before = await main.emitWithAck('stats');
  const started = Date.now();
  let refused = 0;
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++) batch.push(hostile.socket(`/dyn-h${j}`));
    const results = await Promise.all(batch.map(once));
    refused += results.filter((ok) => !ok).length;
    batch.forEach((s) => s.disconnect());
  }
  const loopMs = Date.now() - started;
  const after = await main.emitWithAck('stats');
  const victim = new Manager(url, { transports: ['websocket'], reconnection: false });
  const t0 = Date.now();
  const fresh = victim.socket('/dyn-fresh');
  const got = await once(fresh);
  console.log(JSON.stringify({ port, count, loopMs, refused, victimConnected: got, victimMs: Date.now() - t0,
    namespacesBefore: before.namespaces, namespacesAfter: after.namespaces,
    rssBeforeMB: Math.round(before.rss / 1048576), rssAfterMB: Math.round(after.rss / 1048576) }));
  fresh.disconnect();
  main.disconnect();
}
const guard = setTimeout(() => { console.error('gave up after 10 minutes'); process.exit(2); }, 600000);
main().then(() => { clearTimeout(guard); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
