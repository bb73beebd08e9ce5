'use strict';
// Fan-out and echo load against a bench server of ../../../shared/bench/CONTRACT.md, in either Socket.IO wire
// format: --parser json (text frames, as the shared loadgen) or --parser msgpack (binary frames in
// socket.io-msgpack-parser 3.0.2's format, encoded and decoded by that package). One driver for every server, so
// that Sockeye and the Node reference are measured by the same client code.
//
//   node load.js fanout --port P [--parser msgpack] [--n 500] [--messages 2000] [--size 100] [--rate 100] [--warmup 200]
//   node load.js echo   --port P [--parser msgpack] [--clients 50] [--inflight 10] [--size 64] [--duration 10] [--warmup 3]
//
// Prints progress on stderr and one line `RESULT {json}` on stdout: the deliveries (fanout) or acks (echo) per
// second, the server's CPU per delivery or ack (utime+stime of its pid from /proc over the measured window), the
// latency percentiles, the server's RSS before and after (its `stats` ack), and the machine's load average and CPU
// steal over the window (a shared machine's figures say how loaded it was). Loopback only; the whole run stops
// itself after --max-seconds (default 180).

const fs = require('fs');
const WebSocket = require('ws');
const { Encoder, Decoder } = require('socket.io-msgpack-parser');

const [scenario, ...rest] = process.argv.slice(2);
const opts = {
  port: 3000, host: '127.0.0.1', parser: 'json', n: 500, messages: 2000, size: 100, rate: 100, warmup: 200,
  clients: 50, inflight: 10, duration: 10, 'max-seconds': 180, label: '',
};
for (let i = 0; i < rest.length; i += 2) {
  const key = rest[i].replace(/^--/, '');
  if (!(key in opts)) fail(`unknown flag --${key}`);
  opts[key] = typeof opts[key] === 'number' ? Number(rest[i + 1]) : rest[i + 1];
}
if (!['fanout', 'echo'].includes(scenario)) fail('usage: node load.js fanout|echo --port P [--parser json|msgpack] …');
if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(opts.host)) fail('loopback hosts only');
if (!['json', 'msgpack'].includes(opts.parser)) fail('--parser json or msgpack');
setTimeout(() => fail(`still running after --max-seconds ${opts['max-seconds']}`), opts['max-seconds'] * 1000).unref();

function fail(why) {
  process.stderr.write(`load: ${why}\n`);
  process.exit(2);
}

const log = (line) => process.stderr.write(`${line}\n`);
const nowMicros = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const encoder = new Encoder();

/** One Socket.IO client on a direct WebSocket, connected to "/": emits with or without ack, and sees every event. */
class Client {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.acks = new Map();
    this.nextId = 0;
  }

  connect() {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${opts.host}:${opts.port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
      this.ws = ws;
      const timer = setTimeout(() => reject(new Error('no CONNECT reply within 10 s')), 10_000);
      this.connected = () => { clearTimeout(timer); resolve(); };
      ws.on('error', (e) => { clearTimeout(timer); reject(e); });
      if (opts.parser === 'msgpack') {
        this.decoder = new Decoder();
        this.decoder.on('decoded', (packet) => this.onPacket(packet.type, packet.id, packet.data));
      }
      ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    });
  }

  onFrame(data, isBinary) {
    if (isBinary) {
      this.decoder.add(data);
      return;
    }
    const text = data.toString();
    const engineType = text.charCodeAt(0);
    if (engineType === 0x32) { // "2": ping
      this.ws.send('3');
    } else if (engineType === 0x30) { // "0": open
      this.sendPacket(0, undefined, undefined);
    } else if (engineType === 0x34) { // "4": a JSON Socket.IO packet
      const type = text.charCodeAt(1) - 0x30;
      let at = 2;
      while (at < text.length && text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39) at++;
      const id = at > 2 ? Number(text.slice(2, at)) : undefined;
      this.onPacket(type, id, at < text.length ? JSON.parse(text.slice(at)) : undefined);
    }
  }

  onPacket(type, id, data) {
    if (type === 0) {
      this.connected();
    } else if (type === 2) {
      this.onEvent(data);
    } else if (type === 3) {
      const ack = this.acks.get(id);
      this.acks.delete(id);
      if (ack) ack(data);
    }
  }

  sendPacket(type, id, data) {
    if (opts.parser === 'msgpack') {
      const packet = { type, nsp: '/' };
      if (data !== undefined) packet.data = data;
      if (id !== undefined) packet.id = id;
      for (const part of encoder.encode(packet)) this.ws.send(part);
    } else {
      this.ws.send(`4${type}${id === undefined ? '' : id}${data === undefined ? '' : JSON.stringify(data)}`);
    }
  }

  emit(...args) {
    this.sendPacket(2, undefined, args);
  }

  /** Emits with an ack id; resolves with the ack's arguments. */
  emitWithAck(...args) {
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.acks.set(id, resolve);
      this.sendPacket(2, id, args);
    });
  }

  close() {
    this.ws.terminate();
  }
}

/** Connects `count` clients, at most 50 handshakes at a time. */
async function connectAll(count, onEvent) {
  const clients = [];
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++) {
      const client = new Client((data) => onEvent(j, data));
      clients.push(client);
      batch.push(client.connect());
    }
    await Promise.all(batch);
  }
  return clients;
}

function cpuTicks(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
}

function machine() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: cpu.reduce((a, b) => a + b, 0), steal: cpu[7] || 0, load1: Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]) };
}

/** CPU of `pid` and of the machine from `start` (taken by begin()) to now. */
function window(start, pid) {
  const end = { cpu: cpuTicks(pid), machine: machine(), at: performance.now() };
  const ticksPerSecond = 100;
  return {
    seconds: (end.at - start.at) / 1000,
    serverCpuMicros: ((end.cpu - start.cpu) / ticksPerSecond) * 1e6,
    stealPct: (100 * (end.machine.steal - start.machine.steal)) / Math.max(1, end.machine.total - start.machine.total),
    load1: end.machine.load1,
  };
}

const begin = (pid) => ({ cpu: cpuTicks(pid), machine: machine(), at: performance.now() });

function percentiles(values) {
  const sorted = Float64Array.from(values).sort();
  const ms = (micros) => Math.round(micros) / 1000;
  const at = (q) => (sorted.length ? ms(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]) : null);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.length ? ms(sorted[sorted.length - 1]) : null };
}

const round = (x, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

async function stats(client) {
  const [reply] = await client.emitWithAck('stats');
  return reply;
}

async function fanout() {
  let counting = false;
  let received = 0;
  let lastAt = 0;
  const latencies = [];
  const clients = await connectAll(opts.n, (i, data) => {
    if (data[0] !== 'tick') return;
    received++;
    if (counting) {
      latencies.push(nowMicros() - data[1].t);
      lastAt = performance.now();
    }
  });
  await Promise.all(clients.map((c) => c.emitWithAck('join', 'bench')));
  const [driver] = await connectAll(1, () => {});
  const before = await stats(driver);
  log(`fanout: ${opts.n} clients in room 'bench' of ${before.connections} connections, server pid ${before.pid}, parser ${opts.parser}`);

  const deliver = async (count, label) => {
    received = 0;
    const expected = count * opts.n;
    const deadline = performance.now() + (count / Math.max(opts.rate, 1)) * 1000 + 20_000;
    await driver.emitWithAck('broadcast', { room: 'bench', count, size: opts.size, rate: opts.rate });
    while (received < expected && performance.now() < deadline) await sleep(20);
    log(`${label}: ${received} of ${expected} delivered`);
    return expected;
  };
  if (opts.warmup > 0) await deliver(opts.warmup, 'warm-up');
  await sleep(500);
  counting = true;
  const start = begin(before.pid);
  const expected = await deliver(opts.messages, 'measured');
  const win = window(start, before.pid);
  const seconds = (lastAt - start.at) / 1000;
  const after = await stats(driver);
  for (const c of clients.concat(driver)) c.close();
  return {
    scenario: 'fanout', parser: opts.parser, label: opts.label, n: opts.n, messages: opts.messages, size: opts.size, rate: opts.rate,
    delivered: latencies.length, lost: expected - latencies.length,
    deliveries_per_s: Math.round(latencies.length / seconds),
    server_cpu_us_per_delivery: round(win.serverCpuMicros / Math.max(1, latencies.length), 3),
    server_cpu_pct: round((100 * win.serverCpuMicros) / 1e6 / win.seconds, 1),
    latency_ms: percentiles(latencies),
    server_rss_before_kb: Math.round(before.rss / 1024), server_rss_after_kb: Math.round(after.rss / 1024),
    machine: { load1: win.load1, steal_pct: round(win.stealPct, 1) },
  };
}

async function echo() {
  const payload = 'x'.repeat(opts.size);
  const clients = await connectAll(opts.clients, () => {});
  const before = await stats(clients[0]);
  log(`echo: ${opts.clients} clients × ${opts.inflight} in flight, server pid ${before.pid}, parser ${opts.parser}`);
  let measuring = false;
  let running = true;
  let acks = 0;
  const latencies = [];
  const loop = async (client) => {
    while (running) {
      const sentAt = performance.now();
      const [reply] = await client.emitWithAck('echo', payload);
      if (reply !== payload) fail('echo ack differs from what was sent');
      if (measuring) {
        acks++;
        latencies.push((performance.now() - sentAt) * 1000);
      }
    }
  };
  const loops = [];
  for (const client of clients) for (let k = 0; k < opts.inflight; k++) loops.push(loop(client));
  await sleep(opts.warmup * 1000);
  measuring = true;
  const start = begin(before.pid);
  await sleep(opts.duration * 1000);
  measuring = false;
  const win = window(start, before.pid);
  running = false;
  const after = await Promise.race([stats(clients[0]), sleep(5000).then(() => ({ rss: 0 }))]);
  for (const c of clients) c.close();
  return {
    scenario: 'echo', parser: opts.parser, label: opts.label, clients: opts.clients, inflight: opts.inflight, size: opts.size,
    acks_per_s: Math.round(acks / win.seconds),
    server_cpu_us_per_ack: round(win.serverCpuMicros / Math.max(1, acks), 3),
    server_cpu_pct: round((100 * win.serverCpuMicros) / 1e6 / win.seconds, 1),
    latency_ms: percentiles(latencies),
    server_rss_before_kb: Math.round(before.rss / 1024), server_rss_after_kb: Math.round(after.rss / 1024),
    machine: { load1: win.load1, steal_pct: round(win.stealPct, 1) },
  };
}

(scenario === 'fanout' ? fanout() : echo())
  .then((result) => {
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  })
  .catch((e) => fail(e.stack || String(e)));
