// A Node.js socket.io 4.8 server with @socket.io/redis-adapter 8.3 (classic, sharded) or
// @socket.io/redis-streams-adapter 0.3.1 (streams: the prefix names the stream and the channels), for the
// mixed-cluster tests.
// usage: node redis/server.js <classic|sharded|streams> <prefix> <name> [redisUrl]
// env SOCKEYE_RECOVERY_MS=<ms>: connectionStateRecovery on, maxDisconnectionDuration <ms>, skipMiddlewares.
// stdout: {"listening":port} once ready.
const http = require('http');
const { Server } = require('socket.io');
const { createClient } = require('redis');
const { createAdapter, createShardedAdapter } = require('@socket.io/redis-adapter');
const streams = require('@socket.io/redis-streams-adapter');
const { install } = require('./handlers');

const [protocol, prefix, name, url = 'redis://127.0.0.1:6379'] = process.argv.slice(2);
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

(async () => {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  pub.on('error', (e) => process.stderr.write('pub ' + e + '\n'));
  sub.on('error', (e) => process.stderr.write('sub ' + e + '\n'));
  await Promise.all([pub.connect(), sub.connect()]);
  const adapter = protocol === 'classic' ? createAdapter(pub, sub, { key: prefix })
    : protocol === 'sharded' ? createShardedAdapter(pub, sub, { channelPrefix: prefix })
      : streams.createAdapter(pub, { streamName: prefix, channelPrefix: prefix });
  const httpServer = http.createServer();
  const recoveryMs = process.env.SOCKEYE_RECOVERY_MS;
  const recovery = recoveryMs
    ? { connectionStateRecovery: { maxDisconnectionDuration: Number(recoveryMs), skipMiddlewares: true } } : {};
  const io = new Server(httpServer, { adapter, ...recovery });
  install(io, name);
  httpServer.listen(0, '127.0.0.1', () => out({ listening: httpServer.address().port }));
})().catch((e) => { process.stderr.write(String(e && e.stack) + '\n'); process.exit(1); });
