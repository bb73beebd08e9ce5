#!/usr/bin/env node
// The cases of run-limits.sh that the shared loadgen has no scenario for, against any server of the bench contract
// (plus the {rooms, except} broadcast of Sockeye's bench server and the limit server). Loopback only, bounded.
//
//   node growth.js hold-rooms --port P --rooms 10000          one socket joins K other rooms, holds until SIGTERM
//   node growth.js members --port P --n 1000 --room bench     N members of a room on this server, count the ticks;
//                                                             prints RESULT on SIGTERM (cluster: the remote members);
//                                                             --skip K leaves out each member's first K ticks (a
//                                                             warm-up), --server-pid P adds that server's CPU seconds
//                                                             from the first counted tick to SIGTERM (own_cpu_s: this
//                                                             process's over the same span)
//   node growth.js union --port P --n 1000 --messages 200     to(a).to(b).except(c) at full speed: 3 of 4 members get
//                                                             each tick; server CPU per delivery from /proc
//
// Common: --bench DIR (the copy of ../shared/bench whose loadgen/node_modules has `ws`; env BENCH_DIR),
// --max-seconds N (hard stop, default 300).
'use strict';
const fs = require('fs');
const path = require('path');

const argv = process.argv.slice(2);
const mode = argv[0];
const opt = (name, dflt) => { const i = argv.indexOf('--' + name); return i > 0 && i + 1 < argv.length ? argv[i + 1] : dflt; };
const PORT = Number(opt('port', '3000'));
const BENCH = opt('bench', process.env.BENCH_DIR || path.join(__dirname, '../../../shared/bench'));
const WebSocket = require(require.resolve('ws', { paths: [path.join(BENCH, 'loadgen')] }));
const MAX_SECONDS = Number(opt('max-seconds', '300'));
setTimeout(() => { console.error('growth.js: max-seconds reached'); process.exit(3); }, MAX_SECONDS * 1000).unref();
const log = (s) => console.error(`[growth ${mode}] ${s}`);

/** A Socket.IO client on a raw WebSocket: connect to "/", events with acks, a tick counter. */
function client(onTick) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${PORT}/socket.io/?EIO=4&transport=websocket`);
    const pending = new Map();
    let nextId = 0;
    const c = {
      emit(event, arg) {
        const id = nextId++;
        ws.send(`42${id}${JSON.stringify([event, arg])}`);
        return new Promise((res) => pending.set(id, res));
      },
      send(event, arg) { ws.send(`42${JSON.stringify([event, arg])}`); },
      close() { ws.close(); },
    };
    ws.on('message', (data) => {
      const s = data.toString();
      if (s.startsWith('0{')) ws.send('40');
      else if (s.startsWith('40')) resolve(c);
      else if (s === '2') ws.send('3');
      else if (s.startsWith('43')) {
        const open = s.indexOf('[');
        const id = Number(s.slice(2, open));
        const res = pending.get(id);
        if (res) { pending.delete(id); res(JSON.parse(s.slice(open))); }
      } else if (s.startsWith('42["tick"') && onTick) onTick(s);
    });
    ws.on('error', reject);
  });
}

function cpuSeconds(pid) {
  const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

/** n clients; onTickOf(i) is client i's tick handler. */
async function connectMany(n, onTickOf) {
  const out = [];
  for (let i = 0; i < n; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 100); j++) batch.push(client(onTickOf(j)));
    out.push(...await Promise.all(batch));
  }
  return out;
}

async function holdRooms() {
  const rooms = Number(opt('rooms', '10000'));
  const c = await client();
  for (let i = 0; i < rooms; i++) {
    if (i % 1000 === 999 || i === rooms - 1) await c.emit('join', `extra-${i}`);
    else c.send('join', `extra-${i}`);
  }
  console.log(`HELD rooms=${rooms}`);
  process.on('SIGTERM', () => process.exit(0));
}

async function members() {
  const n = Number(opt('n', '1000'));
  const room = opt('room', 'bench');
  const skip = Number(opt('skip', '0'));
  const serverPid = opt('server-pid', null);
  let received = 0, skipped = 0, first = 0, last = 0, cpu0 = null, own0 = null;
  const lat = [];
  // A server delivers a room's ticks to each member in order, so a member's first `skip` ticks are the warm-up's
  const socks = await connectMany(n, () => {
    let own = 0;
    return (s) => {
      if (++own <= skip) { skipped++; return; }
      const now = nowUs();
      if (!first) { first = now; own0 = process.cpuUsage(); if (serverPid) cpu0 = cpuSeconds(serverPid); }
      last = now;
      received++;
      if (received % 10 === 0) { const m = /"t":(\d+)/.exec(s); if (m) lat.push((now - Number(m[1])) / 1000); }
    };
  });
  await Promise.all(socks.map((c) => c.emit('join', room)));
  console.log(`JOINED n=${n} room=${room}`);
  const report = () => {
    lat.sort((a, b) => a - b);
    const pct = (p) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p / 100 * lat.length))] : null);
    const serverCpuS = cpu0 === null ? null : Math.round((cpuSeconds(serverPid) - cpu0) * 100) / 100;
    const own = own0 === null ? null : process.cpuUsage(own0);
    const ownCpuS = own === null ? null : Math.round((own.user + own.system) / 1e4) / 100;
    console.log('RESULT ' + JSON.stringify({ scenario: 'members', n, room, skip, skipped, received, first_us: first,
      last_us: last, server_cpu_s: serverCpuS, own_cpu_s: ownCpuS, latency_ms: { p50: pct(50), p99: pct(99) } }));
    process.exit(0);
  };
  process.on('SIGTERM', report);
  process.on('SIGINT', report);
}

async function union() {
  const n = Number(opt('n', '1000'));
  const messages = Number(opt('messages', '200'));
  const size = Number(opt('size', '100'));
  let received = 0;
  const socks = await connectMany(n, () => () => { received++; });
  // i % 4: 0 in a, 1 in b, 2 in a and b (one delivery), 3 in a and c (excepted): 3 of 4 members get each tick
  await Promise.all(socks.map((c, i) => {
    const rooms = [['u-a'], ['u-b'], ['u-a', 'u-b'], ['u-a', 'u-c']][i % 4];
    return Promise.all(rooms.map((r) => c.emit('join', r)));
  }));
  const expectedPer = socks.filter((_, i) => i % 4 !== 3).length;
  const driver = await client();
  const stats = await driver.emit('stats');
  const pid = Number(opt('server-pid', stats[0].pid));
  const run = async (count) => {
    received = 0;
    const c0 = cpuSeconds(pid), t0 = process.hrtime.bigint();
    await driver.emit('broadcast', { rooms: ['u-a', 'u-b'], except: ['u-c'], count, size, rate: 0 });
    const end = Date.now() + 30000;
    while (received < expectedPer * count && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    return { received, expected: expectedPer * count, s, cpu: cpuSeconds(pid) - c0 };
  };
  await run(Math.max(1, Math.floor(messages / 10))); // warm-up
  const r = await run(messages);
  console.log('RESULT ' + JSON.stringify({ scenario: 'union', n, messages, size, delivered: r.received, expected: r.expected,
    lost: r.expected - r.received, delivered_msgs_per_s: Math.round(r.received / r.s),
    server_cpu_us_per_msg: Math.round(r.cpu / Math.max(1, r.received) * 1e6 * 100) / 100 }));
  process.exit(0);
}

({ 'hold-rooms': holdRooms, members, union }[mode] || (() => { console.error('mode: hold-rooms | members | union'); process.exit(64); }))()
  .catch((e) => { console.error(e); process.exit(1); });
