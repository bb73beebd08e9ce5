'use strict';
// Checks a bench server against ../../shared/bench/CONTRACT.md over raw WebSockets, the way the load generator
// talks to it (direct WebSocket, no polling handshake, exact packet strings).
//
//   node bench/contract.js PORT            # every event of the contract on one server
//   node bench/contract.js PORT PORT2 …    # plus the Cluster section across the servers (started with --adapter)
//   node bench/contract.js --parser msgpack PORT …   # the same in socket.io-msgpack-parser's format (v2 option)
//   node bench/contract.js --recovery PORT …         # servers started with --recovery (v2 option): the CONNECT reply
//                                                     # has a pid, ticks and the echo without ack end with an offset
//
// Prints one JSON line per check, {"check":name,"pass":bool,"detail":…}, then {"done":true,"failed":n}.
// Loopback only; the whole run is bounded by a 30 s deadline.

const WebSocket = require('ws');

const argv = process.argv.slice(2);
const parserAt = argv.indexOf('--parser');
const PARSER = parserAt >= 0 ? argv.splice(parserAt, 2)[1] : 'json';
const recoveryAt = argv.indexOf('--recovery');
const RECOVERY = recoveryAt >= 0 && argv.splice(recoveryAt, 1).length === 1;
/** The args of a recoverable event without its offset, or null when RECOVERY and the offset (a last string) is missing. */
const withoutOffset = (args) => {
  if (!RECOVERY) return args;
  const last = args[args.length - 1];
  return typeof last === 'string' && /^[\w-]+$/.test(last) ? args.slice(0, -1) : null;
};
const ports = argv.map(Number);
const report = (line) => process.stdout.write(JSON.stringify(line) + '\n');
let failed = 0;
const check = (name, pass, detail) => {
  if (!pass) failed++;
  report({ check: name, pass: !!pass, detail });
};
setTimeout(() => { report({ check: 'deadline', pass: false }); report({ done: true, failed: failed + 1 }); process.exit(1); }, 30000).unref();

/**
 * The Socket.IO packets of one format: what to send for CONNECT and for an event, and the packet {type, data, id,
 * raw} in a received Engine.IO message (raw: the text, or the bytes, for checks on the exact encoding).
 */
const codecs = {
  json: {
    connect: () => '40',
    event: (args, id) => `42${id === undefined ? '' : id}${JSON.stringify(args)}`,
    decode(data, isBinary) {
      const text = data.toString();
      if (isBinary || text[0] !== '4') return null;
      const m = /^4(\d)(\d*)(.*)$/s.exec(text);
      return { type: Number(m[1]), id: m[2] === '' ? undefined : Number(m[2]), data: m[3] === '' ? undefined : JSON.parse(m[3]), raw: text };
    },
    sameArgs: (got, args) => got.raw.endsWith(JSON.stringify(args)),
    integerTime: (raw) => /"t":(\d+)[,}]/.exec(raw) !== null,
  },
  msgpack: (() => {
    const { Encoder, Decoder } = require('socket.io-msgpack-parser');
    const encoder = new Encoder();
    return {
      connect: () => encoder.encode({ type: 0, nsp: '/' })[0],
      event: (args, id) => encoder.encode(id === undefined ? { type: 2, data: args, nsp: '/' } : { type: 2, data: args, id, nsp: '/' })[0],
      decode(data, isBinary) {
        if (!isBinary) return null;
        let packet = null;
        const decoder = new Decoder();
        decoder.on('decoded', (p) => { packet = { type: p.type, id: p.id, data: p.data, raw: data }; });
        decoder.add(data);
        return packet;
      },
      sameArgs: (got, args) => JSON.stringify(got.args) === JSON.stringify(args),
      // "t" (fixstr a1 74) followed by an integer format: fixint, uint 8..64 or int 8..64, not a float
      integerTime(raw) {
        const at = raw.indexOf(Buffer.from([0xa1, 0x74]));
        const format = at >= 0 ? raw[at + 2] : 0xcb;
        return format < 0x80 || (format >= 0xcc && format <= 0xd3);
      },
    };
  })(),
};
const codec = codecs[PARSER];
if (!codec) throw new Error(`--parser json|msgpack: ${PARSER}`);

/** One Socket.IO client on the main namespace, over a raw WebSocket. */
function connect(port) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    const client = { ws, open: null, sid: null, events: [], raw: [], acks: new Map(), nextId: 0, waiters: [] };
    ws.on('error', reject);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (text === '2') { ws.send('3'); return; }
      if (text !== null && text[0] === '0') { client.open = text; ws.send(codec.connect()); return; }
      const packet = codec.decode(data, isBinary);
      if (packet === null) return;
      if (packet.type === 0) { client.sid = packet.data.sid; client.pid = packet.data.pid; resolve(client); return; }
      if (packet.type === 3) {
        const done = client.acks.get(packet.id);
        client.acks.delete(packet.id);
        if (done) done(packet.data, packet.raw);
        return;
      }
      if (packet.type === 2) {
        client.raw.push(packet.raw);
        client.events.push(packet.data);
        client.waiters = client.waiters.filter((w) => !w());
      }
    });
  });
}

/** Emits an event asking for an ack; resolves with the ack's arguments (and its raw packet). */
function call(client, ...args) {
  const id = client.nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${JSON.stringify(args)}`)), 10000);
    client.acks.set(id, (ackArgs, raw) => { clearTimeout(timer); resolve({ args: ackArgs, raw }); });
    client.ws.send(codec.event(args, id));
  });
}

/** Resolves once the client has received `count` events named `name` (or rejects after 10 s). */
function received(client, name, count) {
  const matching = () => client.events.filter((e) => e[0] === name);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${matching().length}/${count} ${name} events`)), 10000);
    const test = () => { if (matching().length >= count) { clearTimeout(timer); resolve(matching()); return true; } return false; };
    if (!test()) client.waiters.push(test);
  });
}

async function single(port) {
  const a = await connect(port);
  const open = JSON.parse(a.open.slice(1));
  check('open packet', Object.keys(open).sort().join() === 'maxPayload,pingInterval,pingTimeout,sid,upgrades'
    && open.upgrades.length === 0 && open.pingInterval === 25000 && open.pingTimeout === 20000
    && open.maxPayload === 1000000, a.open);
  check('connect reply has a sid', typeof a.sid === 'string' && a.sid.length > 0, a.sid);
  if (RECOVERY) check('connect reply has a pid (--recovery)', typeof a.pid === 'string' && a.pid.length >= 16);

  const stats = (await call(a, 'stats')).args;
  check('stats ack {pid,connections,rss}', stats.length === 1 && Number.isInteger(stats[0].pid)
    && stats[0].connections === 1 && Number.isInteger(stats[0].rss) && stats[0].rss > 0, stats);

  const echoArgs = ['abc', { x: 1, y: [true, null, 2.5] }, 42];
  const echo = await call(a, 'echo', ...echoArgs);
  check('echo ack returns the same args', codec.sameArgs(echo, echoArgs), echo.raw);
  a.ws.send(codec.event(['echo', 'plain', 7]));
  const echoed = await received(a, 'echo', 1);
  check('echo without ack is emitted back', JSON.stringify(withoutOffset(echoed[0])) === '["echo","plain",7]', echoed[0]);

  const b = await connect(port);
  check('join ack is the room size', (await call(a, 'join', 'r')).args[0] === 1
    && (await call(b, 'join', 'r')).args[0] === 2);
  check('stats counts both sockets', (await call(a, 'stats')).args[0].connections === 2);

  const driver = await connect(port);
  const sent = (await call(driver, 'broadcast', { room: 'r', count: 200, size: 10, rate: 0 })).args[0];
  check('unpaced broadcast ack {sent,ms}', sent.sent === 200 && Number.isInteger(sent.ms), sent);
  const ticks = await received(b, 'tick', 200);
  const inOrder = ticks.every((t, i) => t[1].seq === i && withoutOffset(t) !== null);
  const raw = b.raw[b.events.findIndex((e) => e[0] === 'tick')];
  const nowUs = Date.now() * 1000;
  check('ticks {seq,t(µs int),p} in order to every member', inOrder && codec.integerTime(raw)
    && Number.isInteger(ticks[0][1].t) && Math.abs(nowUs - ticks[0][1].t) < 60e6
    && ticks.every((x) => x[1].p === 'x'.repeat(10)), Buffer.isBuffer(raw) ? raw.toString('hex') : raw);
  check('the driver, not in the room, gets no tick', !driver.events.some((e) => e[0] === 'tick'));
  await received(a, 'tick', 200);

  const started = Date.now();
  const paced = (await call(driver, 'broadcast', { room: 'r', count: 20, size: 3, rate: 100 })).args[0];
  const took = Date.now() - started;
  check('paced broadcast (20 at 100/s) takes about 190 ms', paced.sent === 20 && took >= 150 && took < 2000,
    { ack: paced, took });
  const none = (await call(driver, 'broadcast', { room: 'r', count: 0, size: 1, rate: 0 })).args[0];
  check('empty broadcast acks at once', none.sent === 0, none);

  check('leave ack is the room size', (await call(b, 'leave', 'r')).args[0] === 1);
  const gc = (await call(a, 'gc')).args;
  check('gc ack is a boolean', gc.length === 1 && typeof gc[0] === 'boolean', gc);
  const fetched = (await call(a, 'fetch', { room: 'r' })).args[0];
  check('fetch acks the sorted ids of the room', JSON.stringify(fetched) === JSON.stringify([a.sid]), fetched);
  check('servers acks 1 on a lone server', ports.length > 1 || (await call(a, 'servers')).args[0] === 1);
  for (const c of [a, b, driver]) c.ws.close();
}

async function cluster() {
  const clients = [];
  for (const port of ports) clients.push(await connect(port));
  for (let i = 0; i < clients.length; i++) {
    const count = (await call(clients[i], 'servers')).args[0];
    check(`servers on server ${i} counts the cluster`, count === ports.length, count);
  }
  for (const c of clients) await call(c, 'join', 'everywhere');
  const ids = clients.map((c) => c.sid).sort();
  const fetched = (await call(clients[0], 'fetch', { room: 'everywhere' })).args[0];
  check('fetch sees the room on every server', JSON.stringify(fetched) === JSON.stringify(ids), fetched);

  const last = clients[clients.length - 1];
  check('remote-join acks true', (await call(clients[0], 'remote-join', { room: 'joined', target: last.sid })).args[0] === true);
  let joined = [];
  for (let i = 0; i < 50 && joined.length === 0; i++) {
    joined = (await call(clients[0], 'fetch', { room: 'joined' })).args[0];
    if (joined.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
  check('remote-join reached the socket on another server', JSON.stringify(joined) === JSON.stringify([last.sid]), joined);

  const sent = (await call(clients[0], 'broadcast', { room: 'everywhere', count: 50, size: 5, rate: 0 })).args[0];
  check('cluster broadcast acks', sent.sent === 50, sent);
  for (let i = 0; i < clients.length; i++) {
    const ticks = await received(clients[i], 'tick', 50);
    check(`broadcast reached server ${i} in order`, ticks.every((t, n) => t[1].seq === n));
  }
  for (const c of clients) c.ws.close();
}

(async () => {
  try {
    await single(ports[0]);
    if (ports.length > 1) await cluster();
  } catch (e) {
    check('no error', false, String(e && e.stack || e));
  }
  report({ done: true, failed });
  process.exit(failed === 0 ? 0 : 1);
})();
