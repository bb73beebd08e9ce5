'use strict';
// A broker outage under traffic, for any server of the bench contract (../../../shared/bench/CONTRACT.md):
// two servers on one private redis-server, a client of server B in room "t", server A broadcasting `tick`
// to "t" 100 times a second; Redis is killed (SIGKILL) after 3 s, started again OUTAGE s later, and the
// client's ticks tell how long after Redis was back the first tick of the outage or later arrived, which
// ticks never arrived, and from when on every tick did. One JSON line on stdout.
//
// usage: node broker-outage.js --redis-port P --ports PA,PB --outage-seconds S [--adapter redis|redis-sharded|redis-streams]
//          -- <server command, with {port} and {adapter} replaced>
//   e.g. -- node /path/reference-node/server.js --port {port} --adapter {adapter} --max-seconds 120
//        -- benchmarks/bench-server.sh --port {port} --adapter {adapter} --max-seconds 120
// Loopback only; every process it starts is stopped at the end, and the whole run gives up after 90 s.
// Needs redis-server and redis-cli on the PATH, and socket.io-client (from ../../e2e/node/node_modules).

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { io } = require(path.join(__dirname, '../../e2e/node/node_modules/socket.io-client'));

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const opts = argv.slice(0, dash);
const command = argv.slice(dash + 1);
const opt = (name, def) => { const i = opts.indexOf(name); return i >= 0 ? opts[i + 1] : def; };
const REDIS_PORT = Number(opt('--redis-port'));
const [PORT_A, PORT_B] = opt('--ports').split(',').map(Number);
const OUTAGE_MS = Number(opt('--outage-seconds', '6')) * 1000;
const SCHEME = opt('--adapter', 'redis');
const RATE = 100;
const COUNT = 2000;

const children = [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-outage-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);

function startRedis() {
  const redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  children.push(redis);
  return redis;
}

async function awaitPong() {
  for (let i = 0; i < 400; i++) {
    const r = spawnSync('redis-cli', ['-p', String(REDIS_PORT), 'PING'], { encoding: 'utf8' });
    if (r.stdout && r.stdout.trim() === 'PONG') return;
    await sleep(25);
  }
  throw new Error('redis-server did not answer');
}

function startServer(port) {
  const args = command.map((a) => a.replace('{port}', String(port))
    .replace('{adapter}', `${SCHEME}://127.0.0.1:${REDIS_PORT}`));
  const child = spawn(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], detached: true,
    env: { ...process.env, SOCKEYE_SKIP_BUILD: '1' } });
  children.push(child);
  return child;
}

async function connect(port) {
  for (let i = 0; i < 120; i++) {
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, timeout: 2000 });
    const ok = await new Promise((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
    if (ok) return socket;
    socket.close();
    await sleep(250);
  }
  throw new Error(`no server on port ${port}`);
}

function stopAll() {
  for (const c of children) {
    try { process.kill(c.pid > 0 && c.spawnargs[0] !== 'redis-server' ? -c.pid : c.pid, 'SIGKILL'); } catch (e) { /* gone */ }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

async function main() {
  let redis = startRedis();
  await awaitPong();
  startServer(PORT_A);
  startServer(PORT_B);
  const a = await connect(PORT_A);
  const b = await connect(PORT_B);
  await b.emitWithAck('join', 't');
  await sleep(1500); // the servers find each other
  const ticks = [];
  b.on('tick', (m) => ticks.push({ seq: m.seq, sentUs: m.t, atUs: nowUs() }));
  a.emit('broadcast', { room: 't', count: COUNT, size: 0, rate: RATE });
  await sleep(3000);
  const killedUs = nowUs();
  process.kill(redis.pid, 'SIGKILL');
  await sleep(OUTAGE_MS);
  redis = startRedis();
  await awaitPong();
  const backUs = nowUs();
  await sleep(COUNT / RATE * 1000 - 3000 - OUTAGE_MS + 2000);

  const seqs = new Set(ticks.map((t) => t.seq));
  const lastSeq = Math.max(...seqs);
  const lost = [];
  for (let s = 0; s <= lastSeq; s++) {
    if (!seqs.has(s)) {
      const from = s;
      while (s + 1 <= lastSeq && !seqs.has(s + 1)) s++;
      lost.push(from === s ? `${from}` : `${from}..${s}`);
    }
  }
  const lostCount = [...Array(lastSeq + 1).keys()].filter((s) => !seqs.has(s)).length;
  const firstAfterKill = ticks.find((t) => t.sentUs >= killedUs);
  // the last missing tick: every tick sent after it arrived
  let lastMissing = -1;
  for (let s = lastSeq; s >= 0; s--) if (!seqs.has(s)) { lastMissing = s; break; }
  const resumed = ticks.find((t) => t.seq === lastMissing + 1);
  const out = {
    command: command.join(' '), adapter: SCHEME, outageMs: OUTAGE_MS, ticksSent: COUNT, received: ticks.length,
    lastSeq, lostCount, lost,
    firstDeliveryAfterBackMs: firstAfterKill ? Math.round((firstAfterKill.atUs - backUs) / 1000) : null,
    everyTickFromMsAfterBack: resumed ? Math.round((resumed.sentUs - backUs) / 1000) : null,
    twice: ticks.length - seqs.size,
    firstTwice: (() => { const seen = new Set(); const t = ticks.find((x) => seen.has(x.seq) || !seen.add(x.seq)); return t ? t.seq : null; })(),
    outOfOrder: ticks.some((t, i) => i > 0 && t.seq < ticks[i - 1].seq),
  };
  console.log(JSON.stringify(out));
  a.close();
  b.close();
}

const guard = setTimeout(() => { console.error('gave up after 90 s'); stopAll(); process.exit(2); }, 90000);
main().then(() => { clearTimeout(guard); stopAll(); process.exit(0); },
  (e) => { console.error(e); clearTimeout(guard); stopAll(); process.exit(1); });
