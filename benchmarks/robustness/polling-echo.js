'use strict';
// Polling echo flood (issue 14, item 4), against any server of the bench contract: CLIENTS raw long-polling
// clients each open a Socket.IO session and POST `echo` events of SIZE bytes one after another (the server emits each
// back) for SECONDS, without ever polling: what the server echoes waits in its polling buffer. A client whose session
// the server closes (its POST answered 400) opens a new one. Prints one JSON line: echo events posted, sessions
// the server cut off, the server's RSS before and at its peak, and, for a JVM server (its pid from `stats`), the
// heap in use sampled every 500 ms with jstat against the heap's maximum; plus the load average and CPU steal.
//
//   node polling-echo.js --port 3000 [--clients 3] [--size 921600] [--seconds 30]
const fs = require('node:fs');
const http = require('node:http');
const { execFile } = require('node:child_process');
const { io } = require('socket.io-client');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const PORT = Number(opt('--port', 3000));
const CLIENTS = Number(opt('--clients', 3));
const SIZE = Number(opt('--size', 900 * 1024));
const SECONDS = Number(opt('--seconds', 30));
setTimeout(() => { console.error('time limit reached'); process.exit(2); }, (SECONDS + 120) * 1000).unref();
const cpu = () => fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const ack = (s, event, ...a) => new Promise((resolve) => s.emit(event, ...a, resolve));
const agent = new http.Agent({ keepAlive: true, maxSockets: 2 * CLIENTS });

/** The output of jstat OPTION for PID as {column: number}, or null when it fails (no HotSpot JVM there). */
function jstat(option, pid) {
  return new Promise((resolve) => {
    execFile('jstat', [option, String(pid)], { encoding: 'utf8' }, (err, out) => {
      if (err) return resolve(null);
      const [head, row] = out.trim().split('\n').map((line) => line.trim().split(/\s+/));
      resolve(Object.fromEntries(head.map((k, i) => [k, Number(row[i])])));
    });
  });
}

/** Heap in use, in MB, and full GCs so far, of a HotSpot JVM; null for another server. Sampled without blocking. */
async function jvmHeap(pid) {
  if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'java') return null;
  const v = await jstat('-gc', pid);
  return v && { usedMB: Math.round((v.S0U + v.S1U + v.EU + v.OU) / 1024), fullGcs: v.FGC };
}

function request(method, query, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, path: `/socket.io/?EIO=4&transport=polling${query}`, method, agent,
      headers: body ? { 'Content-Type': 'text/plain;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  const driver = io(`http://127.0.0.1:${PORT}`, { transports: ['websocket'], reconnection: false });
  await new Promise((r) => driver.once('connect', r));
  const stats = await ack(driver, 'stats');
  const rssBefore = stats.rss;
  let rssPeak = rssBefore;
  let heapPeak = null;
  const heapStart = await jvmHeap(stats.pid);
  const capacity = heapStart && await jstat('-gccapacity', stats.pid);
  const heapMaxMB = capacity && Math.round((capacity.NGCMX + capacity.OGCMX) / 1024);
  let sampling = false;
  const sampler = setInterval(async () => {
    if (sampling) return; // one jstat at a time: each is a JVM of its own
    sampling = true;
    rssPeak = Math.max(rssPeak, (await ack(driver, 'stats')).rss);
    const heap = await jvmHeap(stats.pid);
    if (heap && (!heapPeak || heap.usedMB > heapPeak.usedMB)) heapPeak = heap;
    sampling = false;
  }, 500);

  const packet = `42["echo","${'x'.repeat(SIZE)}"]`;
  let posted = 0;
  let cut = 0;
  const cpuStart = cpu();
  const loadStart = loadavg();
  const end = Date.now() + SECONDS * 1000;
  const flood = async () => {
    while (Date.now() < end) {
      const open = await request('GET', '');
      const sid = /"sid":"([^"]+)"/.exec(open.text)[1];
      await request('POST', `&sid=${sid}`, '40');
      while (Date.now() < end) {
        const res = await request('POST', `&sid=${sid}`, packet);
        if (res.status !== 200) { cut++; break; }
        posted++;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, flood));
  clearInterval(sampler);
  const delta = cpu().map((v, i) => v - cpuStart[i]);
  const total = delta.reduce((a, b) => a + b, 0);
  const heapEnd = await jvmHeap(stats.pid);
  console.log(JSON.stringify({
    clients: CLIENTS, size: SIZE, seconds: SECONDS, echoesPosted: posted, postedMBps: Math.round((posted * SIZE) / 1048576 / SECONDS),
    sessionsCutOff: cut, rssBeforeMB: Math.round(rssBefore / 1048576), rssPeakMB: Math.round(rssPeak / 1048576),
    heapMaxMB, heapStart, heapPeak, heapEnd,
    heapPeakPctOfMax: heapPeak ? Math.round((heapPeak.usedMB / heapMaxMB) * 1000) / 10 : null,
    loadavgStart: loadStart, loadavgEnd: loadavg(), stealPct: Math.round((delta[7] / total) * 1000) / 10,
  }));
  driver.close();
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
