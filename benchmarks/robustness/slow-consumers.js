'use strict';
// Slow consumers (issue 14, item 3), against any server of the bench contract (../../../shared/bench/CONTRACT.md):
// SLOW raw WebSocket members of room "room" stop reading (their TCP sockets are paused, so the kernel's buffers fill
// and the server's queue grows), one normal socket.io-client member of the room reads, an unrelated client echoes
// every 20 ms, and a driver asks for COUNT broadcasts of SIZE bytes to the room, RATE a second (0: as fast as the
// server takes them).
// Prints one JSON line: the server's RSS before, at its peak (sampled every 250 ms) and after; the normal member's
// tick latency and the echo round trip (p50/p99/max, ms); how many ticks the normal member got; how many slow members
// the server cut off; the machine's load average and CPU steal over the run.
//
//   node slow-consumers.js --port 3000 [--slow 10] [--count 200000] [--size 1024] [--rate 0] [--max-seconds 300]
// Needs socket.io-client 4 (NODE_PATH=../../e2e/node/node_modules after `npm ci` there). Loopback only; stops by
// itself after --max-seconds.
const net = require('node:net');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { io } = require('socket.io-client');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const PORT = Number(opt('--port', 3000));
const SLOW = Number(opt('--slow', 10));
const COUNT = Number(opt('--count', 200000));
const SIZE = Number(opt('--size', 1024));
const RATE = Number(opt('--rate', 0));
const MAX_SECONDS = Number(opt('--max-seconds', 300));
const URL_ = `http://127.0.0.1:${PORT}`;
setTimeout(() => { console.error('max-seconds reached'); process.exit(2); }, MAX_SECONDS * 1000).unref();

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const cpu = () => fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] * 10) / 10;
}

function summary(values) {
  return { n: values.length, p50: percentile(values, 0.5), p99: percentile(values, 0.99), max: percentile(values, 1) };
}

function client(query) {
  return new Promise((resolve, reject) => {
    const s = io(URL_, { transports: ['websocket'], reconnection: false, query });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

const ack = (s, event, ...a) => new Promise((resolve) => s.emit(event, ...a, resolve));

function maskedText(text) {
  const payload = Buffer.from(text);
  const mask = crypto.randomBytes(4);
  const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0xfe, payload.length >> 8, payload.length & 255]);
  const body = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) body[i] = payload[i] ^ mask[i % 4];
  return Buffer.concat([head, mask, body]);
}

/** A raw WebSocket member of "room" that stops reading once it joined. Resolves with its socket, paused. */
function slowMember() {
  return new Promise((resolve, reject) => {
    const sock = net.connect(PORT, '127.0.0.1');
    let buffered = '';
    let state = 'upgrade';
    sock.setEncoding('latin1');
    sock.on('error', reject);
    sock.on('connect', () => sock.write(`GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n`
      + `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\n`
      + 'Sec-WebSocket-Version: 13\r\n\r\n'));
    sock.on('data', (chunk) => {
      buffered += chunk;
      if (state === 'upgrade' && buffered.includes('0{"sid"')) {
        state = 'connect';
        buffered = '';
        sock.write(maskedText('40'));
      } else if (state === 'connect' && buffered.includes('40{"sid"')) {
        state = 'join';
        buffered = '';
        sock.write(maskedText('421["join","room"]'));
      } else if (state === 'join' && buffered.includes('431[')) {
        state = 'paused';
        sock.pause(); // from here on nothing is read: the kernel's buffers fill, then the server's
        sock.removeAllListeners('data');
        resolve(sock);
      }
    });
  });
}

(async () => {
  const driver = await client();
  const rssBefore = (await ack(driver, 'stats')).rss;
  const slow = [];
  for (let i = 0; i < SLOW; i++) slow.push(await slowMember());
  let cut = 0;
  for (const s of slow) s.on('close', () => { cut++; });

  const normal = await client();
  const tickLatencies = [];
  normal.on('tick', (tick) => { tickLatencies.push((nowUs() - tick.t) / 1000); });
  await ack(normal, 'join', 'room');

  const echo = await client();
  const echoRtts = [];
  const echoTimer = setInterval(() => {
    const sent = performance.now();
    echo.emit('echo', 'ping', () => echoRtts.push(performance.now() - sent));
  }, 20);

  let rssPeak = rssBefore;
  let sampling = false;
  const sampler = setInterval(async () => {
    if (sampling) return;
    sampling = true;
    rssPeak = Math.max(rssPeak, (await ack(driver, 'stats')).rss);
    sampling = false;
  }, 250);

  const cpuStart = cpu();
  const loadStart = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const started = performance.now();
  const result = await ack(driver, 'broadcast', { room: 'room', count: COUNT, size: SIZE, rate: RATE });
  const deadline = performance.now() + 60000;
  while (tickLatencies.length < COUNT && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const elapsed = performance.now() - started;
  clearInterval(echoTimer);
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfter = (await ack(driver, 'stats')).rss;
  rssPeak = Math.max(rssPeak, rssAfter);
  const cpuEnd = cpu();
  const delta = cpuEnd.map((v, i) => v - cpuStart[i]);
  const total = delta.reduce((a, b) => a + b, 0);
  // the slow members read again: a member the server cut off sees its connection end once its buffers are read
  for (const s of slow) { s.on('data', () => {}); s.resume(); }
  await new Promise((r) => setTimeout(r, 3000));
  console.log(JSON.stringify({
    slow: SLOW, count: COUNT, size: SIZE, rate: RATE, broadcastMs: result.ms, elapsedMs: Math.round(elapsed),
    rssBeforeMB: Math.round(rssBefore / 1048576), rssPeakMB: Math.round(rssPeak / 1048576), rssAfterMB: Math.round(rssAfter / 1048576),
    rssGrowthPeakMB: Math.round((rssPeak - rssBefore) / 1048576),
    normalTicks: tickLatencies.length, normalLatencyMs: summary(tickLatencies), echoRttMs: summary(echoRtts),
    slowCutOff: cut, loadavgStart: loadStart, loadavgEnd: fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    stealPct: Math.round((delta[7] / total) * 1000) / 10, idlePct: Math.round((delta[3] / total) * 1000) / 10,
  }));
  for (const s of slow) s.destroy();
  for (const s of [driver, normal, echo]) s.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
