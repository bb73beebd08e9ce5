// Captures what @socket.io/redis-streams-adapter 0.3.1 writes to Redis, for Sockeye's golden tests
// (sockeye-redis src/test/resources/streams-golden/node-0.3.1.json): the stream entries of every
// message type that goes through the stream, a persisted session, and the session Node restores from
// them (missed packets with their offsets). Uses a fresh stream name and session prefix on the given
// Redis, deletes them afterwards, prints one JSON document on stdout.
// usage: node redis/streams-capture.js [redisUrl]
const http = require('http');
const { Server } = require('socket.io');
const { io: connect } = require('socket.io-client');
const { createClient } = require('redis');
const { createAdapter } = require('@socket.io/redis-streams-adapter');

const url = process.argv[2] || 'redis://127.0.0.1:6379';
const tag = 'golden-' + Math.random().toString(16).slice(2, 10);
const streamName = 'sio-' + tag;
const sessionKeyPrefix = 'sio:session:' + tag + ':';
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const bin = (v) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? { _bin: [...v] } : undefined);
const plain = (v) => JSON.parse(JSON.stringify(v, (k, x) => {
  if (x && x.type === 'Buffer' && Array.isArray(x.data)) return { _bin: x.data };
  return bin(x) || x;
}));

(async () => {
  const redis = createClient({ url });
  await redis.connect();
  const io = new Server(http.createServer(), {
    adapter: createAdapter(redis, { streamName, sessionKeyPrefix }),
    connectionStateRecovery: { maxDisconnectionDuration: 60000 },
  });
  io.httpServer.listen(0, '127.0.0.1');
  await new Promise((r) => io.httpServer.once('listening', r));
  const port = io.httpServer.address().port;
  io.of('/other');

  io.on('connection', (socket) => {
    socket.join('room1');
    socket.data = { user: 'bob', n: 42, pi: 3.5, big: 5000000000, tags: ['a', 'b'], nested: { ok: true, none: null } };
  });
  const client = connect('http://127.0.0.1:' + port, { transports: ['websocket'] });
  const received = [];
  client.onAny((...args) => received.push(args));
  await new Promise((r) => client.on('connect', r));
  await wait(200);

  // every type that goes through the stream (ephemeral ones use pub/sub)
  io.to('room1').emit('hello', 'world', 42);
  io.emit('bin', Buffer.from([1, 2, 3]), { nested: Buffer.from([4]) });
  io.except('room1').emit('skipped', 1);
  io.in('room1').socketsJoin(['room2', 'room3']);
  io.in('room3').socketsLeave('room3');
  io.in('nobody').disconnectSockets(true);
  io.in('nobody').disconnectSockets();
  io.of('/other').emit('elsewhere', 1);
  await wait(500);
  const pid = client._pid;
  const offset = client._lastOffset;

  // a transport close is recoverable: the server persists the session
  client.io.engine.close();
  const sessionKey = sessionKeyPrefix + pid;
  let session = null;
  for (let i = 0; i < 100 && !session; i++) {
    await wait(50);
    session = await redis.get(sessionKey);
  }
  const ttl = await redis.pTTL(sessionKey);
  client.close();

  // missed while disconnected
  io.to('room1').emit('missed', 1);
  io.emit('missed-bin', Buffer.from([5, 6]));
  io.to('room9').emit('not-for-you', 1);
  io.except('room2').emit('excluded', 1);
  io.of('/other').emit('other-nsp', 1);
  io.to(['room9', 'room2']).emit('missed-multi', { a: [1, 2.5, 'x', null, true] });
  await wait(300);

  const entries = (await redis.sendCommand(['XRANGE', streamName, '-', '+']))
    .map(([id, fields]) => ({ id, fields }));
  const restored = await io.of('/').adapter.restoreSession(pid, offset);
  const out = {
    streamName,
    sessionKeyPrefix,
    uid: io.of('/').adapter.uid,
    otherUid: io.of('/other').adapter.uid,
    clientReceived: plain(received),
    pid,
    offset,
    session,
    sessionPttlAtMost: 60000,
    sessionPttlSeen: ttl,
    entries,
    restored: plain(restored),
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
  await redis.del([streamName, sessionKey]);
  io.close();
  await redis.quit();
  process.exit(0);
})().catch((e) => { process.stderr.write(String(e && e.stack) + '\n'); process.exit(1); });
