'use strict';
// Polling echo flood (issue 14, item 4), against any server of the bench contract: CLIENTS socket.io-client
// clients over long-polling only each keep INFLIGHT `echo` events of SIZE bytes in flight (a new one as each echo
// comes back) for SECONDS. Prints one JSON line: echoes completed, clients the server cut off, the server's RSS
// before and at its peak, and, for a JVM server (its pid from `stats`), the heap in use sampled every 500 ms with
// jstat against the heap's maximum; plus the load average and CPU steal over the run.
//
//   node polling-echo.js --port 3000 [--clients 3] [--size 921600] [--inflight 8] [--seconds 30]
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const { io } = require('socket.io-client');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const PORT = Number(opt('--port', 3000));
const CLIENTS = Number(opt('--clients', 3));
const SIZE = Number(opt('--size', 900 * 1024));
const INFLIGHT = Number(opt('--inflight', 8));
const SECONDS = Number(opt('--seconds', 30));
setTimeout(() => { console.error('time limit reached'); process.exit(2); }, (SECONDS + 120) * 1000).unref();
const cpu = () => fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const ack = (s, event, ...a) => new Promise((resolve) => s.emit(event, ...a, resolve));

/** Heap in use and its maximum, in MB, of a HotSpot JVM; null for another server. */
function jvmHeap(pid) {
  try {
    const [head, row] = execFileSync('jstat', ['-gc', String(pid)], { encoding: 'utf8' }).trim().split('\n');
    const v = Object.fromEntries(head.trim().split(/\s+/).map((k, i) => [k, Number(row.trim().split(/\s+/)[i])]));
    const cap = execFileSync('jstat', ['-gccapacity', String(pid)], { encoding: 'utf8' }).trim().split('\n');
    const c = Object.fromEntries(cap[0].trim().split(/\s+/).map((k, i) => [k, Number(cap[1].trim().split(/\s+/)[i])]));
    return { usedMB: (v.S0U + v.S1U + v.EU + v.OU) / 1024, maxMB: (c.NGCMX + c.OGCMX) / 1024, fullGcs: v.FGC };
  } catch (e) {
    return null;
  }
}

(async () => {
  const driver = io(`http://127.0.0.1:${PORT}`, { transports: ['websocket'], reconnection: false });
  await new Promise((r) => driver.once('connect', r));
  const stats = await ack(driver, 'stats');
  const rssBefore = stats.rss;
  let rssPeak = rssBefore;
  let heapPeak = null;
  const heapStart = jvmHeap(stats.pid);
  const sampler = setInterval(async () => {
    rssPeak = Math.max(rssPeak, (await ack(driver, 'stats')).rss);
    const heap = jvmHeap(stats.pid);
    if (heap && (!heapPeak || heap.usedMB > heapPeak.usedMB)) heapPeak = heap;
  }, 500);

  const payload = 'x'.repeat(SIZE);
  let echoes = 0;
  let cut = 0;
  let running = true;
  const cpuStart = cpu();
  const loadStart = loadavg();
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const c = io(`http://127.0.0.1:${PORT}`, { transports: ['polling'], reconnection: false });
    await new Promise((r) => c.once('connect', r));
    c.on('disconnect', (reason) => { if (running) { cut++; console.error(`client ${i} disconnected: ${reason}`); } });
    c.on('echo', () => { echoes++; if (running && c.connected) c.emit('echo', payload); });
    for (let k = 0; k < INFLIGHT; k++) c.emit('echo', payload);
    clients.push(c);
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  running = false;
  clearInterval(sampler);
  const delta = cpu().map((v, i) => v - cpuStart[i]);
  const total = delta.reduce((a, b) => a + b, 0);
  const heapEnd = jvmHeap(stats.pid);
  console.log(JSON.stringify({
    clients: CLIENTS, size: SIZE, inflight: INFLIGHT, seconds: SECONDS, echoes, echoMBps: Math.round((echoes * SIZE) / 1048576 / SECONDS),
    clientsCutOff: cut, rssBeforeMB: Math.round(rssBefore / 1048576), rssPeakMB: Math.round(rssPeak / 1048576),
    heapStart, heapPeak, heapEnd,
    heapPeakPctOfMax: heapPeak ? Math.round((heapPeak.usedMB / heapPeak.maxMB) * 1000) / 10 : null,
    loadavgStart: loadStart, loadavgEnd: loadavg(), stealPct: Math.round((delta[7] / total) * 1000) / 10,
  }));
  for (const c of clients) c.close();
  driver.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
