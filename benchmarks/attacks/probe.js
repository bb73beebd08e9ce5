#!/usr/bin/env node
// Hostile-client probes and the connect/disconnect soak of benchmarks/ROBUSTNESS.md, against any server of the bench
// contract (../shared/bench/CONTRACT.md) listening on 127.0.0.1. Loopback only; every phase is bounded in time.
//
//   node probe.js pipelined-post --port P --pid PID [--seconds 20]
//   node probe.js non-reading-ws --port P --pid PID [--messages 500] [--size 100000] [--seconds 120]
//   node probe.js non-reading-polling --port P --pid PID [--posts 50] [--seconds 120]
//   node probe.js soak --port P [--cycles 1000000] [--concurrency 32] [--seconds 3600]
//
// PID is the server's process (RSS and open file descriptors are read from /proc). Each run prints a summary and,
// last, one JSON line. benchmarks/attacks/run.sh starts a server, runs one probe against it and stops it.
'use strict';
const net = require('net');
const fs = require('fs');
const { io } = require('socket.io-client');

const args = process.argv.slice(2);
const attack = args[0];
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const PORT = Number(opt('--port', 3000));
const PID = Number(opt('--pid', 0));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MB = (bytes) => (bytes / 1048576).toFixed(1);

function rss() {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${PID}/status`, 'utf8'));
  return Number(m[1]) * 1024;
}
function fds() {
  return fs.readdirSync(`/proc/${PID}/fd`).length;
}

/** Samples the server's RSS and descriptors every 250 ms. */
function sampler() {
  const samples = [];
  const start = Date.now();
  const timer = setInterval(() => samples.push({ t: Date.now() - start, rss: rss(), fds: fds() }), 250);
  return { samples, start, stop: () => clearInterval(timer) };
}

/** Another, well-behaved client: an echo every 100 ms over WebSocket, its round trips recorded. */
async function observer() {
  const socket = io(`http://127.0.0.1:${PORT}`, { transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const latencies = [];
  let lost = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = process.hrtime.bigint();
      try {
        await socket.timeout(10000).emitWithAck('echo', 'x'.repeat(100));
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      } catch (e) {
        lost++;
      }
      await sleep(100);
    }
  })();
  return {
    reset: () => latencies.splice(0),
    async stop() {
      running = false;
      await loop;
      socket.close();
      const sorted = latencies.slice().sort((a, b) => a - b);
      const q = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);
      return { echoes: sorted.length, lost, p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1] };
    },
  };
}

/** A raw TCP connection with a buffer of what came in. */
function connect() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(PORT, '127.0.0.1', () => resolve(socket));
    socket.received = Buffer.alloc(0);
    socket.on('data', (d) => { socket.received = Buffer.concat([socket.received, d]); });
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

async function until(what, ms, condition) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A client frame (masked with a zero key, which leaves the payload as it is). */
function clientFrame(opcode, payload) {
  const len = payload.length;
  let head;
  if (len < 126) {
    head = Buffer.alloc(6);
    head[1] = 0x80 | len;
  } else if (len < 65536) {
    head = Buffer.alloc(8);
    head[1] = 0x80 | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(14);
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  head[0] = 0x80 | opcode;
  return Buffer.concat([head, payload]);
}

const UPGRADE = 'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n'
  + 'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

function report(result) {
  console.log(JSON.stringify(result));
}

function peak(samples, from, to) {
  return samples.filter((s) => s.t >= from && s.t <= to).reduce((m, s) => Math.max(m, s.rss), 0);
}

/**
 * Keeps one long-poll GET pending and pipelines a chunked POST behind it on the same connection, streaming 64 KB
 * chunks as fast as the server takes them for --seconds; then drops the connection and watches for 10 s.
 */
async function pipelinedPost() {
  const seconds = Number(opt('--seconds', 20));
  const obs = await observer();
  const sample = sampler();
  await sleep(2000);
  const baseline = rss();
  const socket = await connect();
  socket.write('GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await until('the handshake', 5000, () => /"sid":"([^"]+)"/.test(socket.received.toString('latin1')));
  const sid = /"sid":"([^"]+)"/.exec(socket.received.toString('latin1'))[1];
  const path = `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`
    + `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const chunk = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(65536, '4'), Buffer.from('\r\n')]);
  const attackStart = Date.now();
  let closedAt = null;
  socket.on('close', () => { closedAt = closedAt ?? Date.now() - attackStart; });
  obs.reset();
  let written = 0;
  while (Date.now() - attackStart < seconds * 1000 && closedAt === null) {
    if (socket.writableLength < (1 << 20)) {
      socket.write(chunk);
      written += chunk.length;
    } else {
      await sleep(10);
    }
  }
  const accepted = written - socket.writableLength;
  const attackEnd = Date.now() - sample.start;
  const serverClosedAt = closedAt; // before the probe drops the connection itself
  const during = await obs.stop();
  socket.destroy();
  await sleep(10000);
  sample.stop();
  const result = {
    attack: 'pipelined-post', seconds, acceptedBytes: accepted, serverClosedAfterMs: serverClosedAt,
    baselineRss: baseline, peakRss: peak(sample.samples, attackStart - sample.start, attackEnd),
    rss10sAfter: rss(), observer: during,
  };
  console.log(`pipelined POST for ${seconds} s: server took ${MB(accepted)} MB`
    + `${serverClosedAt === null ? ', connection still open' : `, closed the connection after ${serverClosedAt} ms`}; RSS ${MB(baseline)}`
    + ` -> peak ${MB(result.peakRss)} MB (+${MB(result.peakRss - baseline)}), ${MB(result.rss10sAfter)} MB 10 s after;`
    + ` other client's echo p50 ${during.p50.toFixed(1)} ms p99 ${during.p99.toFixed(1)} ms max ${during.max.toFixed(1)} ms`
    + ` (${during.echoes} echoes, ${during.lost} lost)`);
  report(result);
}

/**
 * Waits until the server has no more descriptors open than before the attack (its connection is gone), or for
 * `seconds`; then 5 s more for the memory. Returns when it was released (ms on the sampler's clock, or null) and the
 * observer's round trips meanwhile.
 */
async function awaitRelease(obs, sample, baselineFds, seconds) {
  obs.reset();
  let releasedAt = null;
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    await sleep(250);
    if (fds() <= baselineFds) {
      releasedAt = Date.now() - sample.start;
      break;
    }
  }
  const during = await obs.stop();
  await sleep(5000);
  sample.stop();
  return { releasedAt, during };
}

/**
 * Connects a WebSocket that asks for --messages echoes of --size bytes and then reads nothing, not even pings: its
 * session ends by ping timeout (pingInterval + pingTimeout after the connect, 45 s by default), and the server then
 * closes it. Watches the server's descriptors until that connection's is gone, or --seconds.
 */
async function nonReadingWs() {
  const messages = Number(opt('--messages', 500));
  const size = Number(opt('--size', 100000));
  const seconds = Number(opt('--seconds', 120));
  const pingTotalMs = Number(opt('--ping-total-ms', 45000));
  const obs = await observer();
  const sample = sampler();
  await sleep(2000);
  const baselineFds = fds();
  const baseline = rss();
  const socket = await connect();
  const connectedAt = Date.now() - sample.start;
  socket.write(UPGRADE);
  await until('the 101', 5000, () => socket.received.indexOf('\r\n\r\n') >= 0);
  socket.pause(); // reads nothing from now on
  socket.write(clientFrame(1, Buffer.from('40')));
  const echo = clientFrame(1, Buffer.from(`42["echo","${'x'.repeat(size)}"]`));
  for (let i = 0; i < messages; i++) {
    if (socket.writableLength > (4 << 20)) await sleep(5);
    socket.write(echo);
  }
  await until('the echoes to be sent', 60000, () => socket.writableLength === 0);
  const sentAt = Date.now() - sample.start;
  const { releasedAt, during } = await awaitRelease(obs, sample, baselineFds, seconds);
  socket.destroy();
  const held = peak(sample.samples, connectedAt, releasedAt ?? Infinity);
  const result = {
    attack: 'non-reading-ws', messages, size, baselineRss: baseline, peakRss: held,
    releasedAfterConnectMs: releasedAt === null ? null : releasedAt - connectedAt,
    releasedAfterCloseMs: releasedAt === null ? null : releasedAt - connectedAt - pingTotalMs,
    rss5sAfterRelease: rss(), sentMs: sentAt - connectedAt, observer: during,
  };
  console.log(`non-reading WebSocket, ${messages} echoes of ${size} B asked: RSS ${MB(baseline)} -> peak ${MB(held)} MB`
    + ` (+${MB(held - baseline)}); ${releasedAt === null ? `NOT released within ${seconds} s`
      : `connection released ${((releasedAt - connectedAt) / 1000).toFixed(1)} s after the connect, so about`
        + ` ${(result.releasedAfterCloseMs / 1000).toFixed(1)} s after the ping-timeout close`}; RSS ${MB(result.rss5sAfterRelease)} MB 5 s later;`
    + ` other client's echo p50 ${during.p50.toFixed(1)} ms p99 ${during.p99.toFixed(1)} ms max ${during.max.toFixed(1)} ms`);
  report(result);
}

/**
 * A polling client that asks for --posts × 9 echoes of 100 KB on a second connection, then long-polls for the replies on
 * its first one and reads nothing of the answer. Watches the server's descriptors until that connection's is gone, or
 * --seconds.
 */
async function nonReadingPolling() {
  const posts = Number(opt('--posts', 50));
  const seconds = Number(opt('--seconds', 120));
  const obs = await observer();
  const sample = sampler();
  await sleep(2000);
  const baselineFds = fds();
  const baseline = rss();
  const reader = await connect();
  const connectedAt = Date.now() - sample.start;
  reader.write('GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  await until('the handshake', 5000, () => /"sid":"([^"]+)"/.test(reader.received.toString('latin1')));
  const sid = /"sid":"([^"]+)"/.exec(reader.received.toString('latin1'))[1];
  const path = `/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
  const writer = await connect();
  const post = (body) => `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const answered = () => (writer.received.toString('latin1').match(/HTTP\/1\.1 200/g) || []).length;
  writer.write(post('40'));
  await until('the CONNECT', 5000, () => answered() === 1);
  const echo = `42["echo","${'x'.repeat(100000)}"]`;
  const body = Array(9).fill(echo).join('\x1e');
  for (let i = 0; i < posts; i++) {
    writer.write(post(body));
    await until('the POST answered', 10000, () => answered() === i + 2);
  }
  writer.destroy();
  reader.received = Buffer.alloc(0);
  reader.pause(); // reads nothing of the long poll's answer
  reader.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  const polledAt = Date.now() - sample.start;
  const { releasedAt, during } = await awaitRelease(obs, sample, baselineFds, seconds);
  reader.destroy();
  const held = peak(sample.samples, connectedAt, releasedAt ?? Infinity);
  const result = {
    attack: 'non-reading-polling', echoes: posts * 9, baselineRss: baseline, peakRss: held,
    releasedAfterPollMs: releasedAt === null ? null : releasedAt - polledAt,
    releasedAfterConnectMs: releasedAt === null ? null : releasedAt - connectedAt,
    rss5sAfterRelease: rss(), observer: during,
  };
  console.log(`non-reading polling client, ${posts * 9} echoes of 100 KB asked: RSS ${MB(baseline)} -> peak ${MB(held)} MB`
    + ` (+${MB(held - baseline)}); ${releasedAt === null ? `NOT released within ${seconds} s`
      : `connection released ${(result.releasedAfterPollMs / 1000).toFixed(1)} s after the long poll`
        + ` (${(result.releasedAfterConnectMs / 1000).toFixed(1)} s after the handshake)`}; RSS ${MB(result.rss5sAfterRelease)} MB 5 s later;`
    + ` other client's echo p50 ${during.p50.toFixed(1)} ms p99 ${during.p99.toFixed(1)} ms max ${during.max.toFixed(1)} ms`);
  report(result);
}

/** One cycle: WebSocket handshake, Engine.IO open, Socket.IO CONNECT to "/", its answer, then a close frame and FIN. */
async function cycle() {
  const socket = await connect();
  socket.write(UPGRADE);
  await until('the open packet', 10000, () => socket.received.indexOf('0{') >= 0);
  socket.write(clientFrame(1, Buffer.from('40')));
  await until('the CONNECT answer', 10000, () => socket.received.indexOf('40{') >= 0);
  const ended = new Promise((resolve) => socket.once('close', resolve));
  socket.end(clientFrame(8, Buffer.from([0x03, 0xe8])));
  await Promise.race([ended, sleep(5000)]);
  socket.destroy();
}

async function soak() {
  const cycles = Number(opt('--cycles', 1000000));
  const concurrency = Number(opt('--concurrency', 32));
  const seconds = Number(opt('--seconds', 3600));
  const start = Date.now();
  let done = 0;
  let failed = 0;
  let next = 0;
  let lastReport = start;
  const worker = async () => {
    while (next < cycles && Date.now() - start < seconds * 1000) {
      next++;
      try {
        await cycle();
        done++;
      } catch (e) {
        failed++;
      }
      if (Date.now() - lastReport > 30000) {
        lastReport = Date.now();
        console.log(`${done} cycles in ${((lastReport - start) / 1000).toFixed(0)} s (${failed} failed)`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = Date.now() - start;
  console.log(`soak: ${done} cycles (${failed} failed) in ${(ms / 1000).toFixed(0)} s, ${(done / ms * 1000).toFixed(0)} cycles/s`);
  report({ attack: 'soak', cycles: done, failed, ms });
}

const attacks = {
  'pipelined-post': pipelinedPost, 'non-reading-ws': nonReadingWs, 'non-reading-polling': nonReadingPolling, soak,
};
if (!attacks[attack]) {
  console.error(`usage: probe.js ${Object.keys(attacks).join('|')} --port P [--pid PID] ...`);
  process.exit(2);
}
attacks[attack]().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
