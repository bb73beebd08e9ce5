#!/usr/bin/env node
// Turns a run-limits.sh folder (machine.json, raw.jsonl) into the markdown table of benchmarks/README.md: issue 17's
// targets with their ratios first, then every case with Sockeye / limit server / Node side by side. Medians of the
// runs; a run without a result counts as missing.
//
//   node benchmarks/limits/table.js benchmarks/results/limits-<time>
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const machine = JSON.parse(fs.readFileSync(path.join(dir, 'machine.json'), 'utf8')).machine;
const lines = fs.readFileSync(path.join(dir, 'raw.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null;
};
const get = (o, p) => p.split('.').reduce((x, k) => (x == null ? x : x[k]), o);
/** The median of a field over the runs of one case and server. */
const value = (c, server, field) =>
  median(lines.filter((l) => l.case === c && l.server === server && !l.error).map((l) => get(l, field)));
const runs = (c) => lines.filter((l) => l.case === c);
const fmt = (x, digits = 2) => (x == null ? 'n/a' : Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Math.round(x * 10 ** digits) / 10 ** digits));
const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);

const METRICS = {
  fanout: [['deliveries/s', 'delivered_msgs_per_s'], ['server µs/delivery', 'cpu.server_cpu_us_per_msg'], ['latency p99 ms', 'latency_ms.p99']],
  echo: [['acks/s', 'acks_per_s'], ['server µs/ack', 'cpu.server_cpu_us_per_msg'], ['latency p99 ms', 'latency_ms.p99']],
  rss: [['RSS KB/conn', 'server_rss_per_conn_kb'], ['connected', 'connected']],
  union: [['deliveries/s', 'delivered_msgs_per_s'], ['server µs/delivery', 'server_cpu_us_per_msg']],
  cluster: [['deliveries/s (both servers)', 'delivered_msgs_per_s'], ['server B µs/remote delivery', 'remote_server_cpu_us_per_msg'],
    ['all processes µs/delivery', 'case_cpu_us_per_msg']],
};
const kind = (c) => (c.startsWith('echo') || c.endsWith('echo-100c-k10') ? 'echo' : c.startsWith('rss') ? 'rss' : c.startsWith('union') ? 'union'
  : c.startsWith('cluster') ? 'cluster' : 'fanout');

const targets = [
  ['fan-out at max rate: deliveries/s ≥ 90 % of the limit server', 'fanout-1k-max', 'delivered_msgs_per_s', 'limit', (r) => r >= 0.9, '≥ 0.90'],
  ['fan-out CPU per delivery ≤ 1.1× the limit server (100 000 deliveries/s offered)', 'fanout-1k-at100', 'cpu.server_cpu_us_per_msg', 'limit', (r) => r <= 1.1, '≤ 1.10'],
  ['echo-100c-k10: acks/s ≥ 85 % of the limit server', 'echo-100c-k10', 'acks_per_s', 'limit', (r) => r >= 0.85, '≥ 0.85'],
  ['echo-100c-k1: server CPU per ack ≤ ⅓ of Node', 'echo-100c-k1', 'cpu.server_cpu_us_per_msg', 'node', (r) => r <= 1 / 3, '≤ 0.33'],
  ['cluster fan-out over Redis: deliveries/s ≥ 3× Node', 'cluster-redis-2x500', 'delivered_msgs_per_s', 'node', (r) => r >= 3, '≥ 3.00'],
];

const out = [];
out.push(`Machine: ${machine.cpu}, ${machine.cores} cores, Linux ${machine.kernel}, ${machine.java}, Node ${machine.node}, ` +
  `fd limit ${machine.fd_limit}, commit ${machine.commit}, ${machine.runs} run(s) per case (medians)` +
  (machine.warm_runs != null ? `, each server warmed by ${machine.warm_runs} unrecorded run(s) of the case's load` : '') +
  `, started ${machine.started}. ` +
  `Steal over the cases: ${fmt(Math.min(...lines.map((l) => l.steal_pct)), 1)}–${fmt(Math.max(...lines.map((l) => l.steal_pct)), 1)} %, ` +
  `1-minute load average ${fmt(Math.min(...lines.map((l) => l.loadavg_1m)), 1)}–${fmt(Math.max(...lines.map((l) => l.loadavg_1m)), 1)}.`);
out.push('');
out.push('| target | Sockeye | limit server | Node | ratio | target | met? |');
out.push('|---|---|---|---|---|---|---|');
for (const [label, c, field, against, ok, want] of targets) {
  const s = value(c, 'sockeye', field), l = value(c, 'limit', field), n = value(c, 'node', field);
  const r = ratio(s, against === 'limit' ? l : n);
  out.push(`| ${label} | ${fmt(s)} | ${fmt(l)} | ${fmt(n)} | ${fmt(r)} | ${want} | ${r == null ? 'not measured' : ok(r) ? '**met**' : 'not met'} |`);
}
const rss = value('rss-10000', 'sockeye', 'server_rss_per_conn_kb');
out.push(`| RSS per idle connection at 10 000 connections ≤ 4.0 KB | ${fmt(rss)} | ${fmt(value('rss-10000', 'limit', 'server_rss_per_conn_kb'))} | ` +
  `${fmt(value('rss-10000', 'node', 'server_rss_per_conn_kb'))} | ${fmt(rss)} KB | ≤ 4.0 KB | ${rss == null ? 'not measured' : rss <= 4.0 ? '**met**' : 'not met'} |`);
// the rooms group's own baseline (the same holder in 1 room, run alternately); older runs had only growth-room-10
const among = value('rooms-10k-room-10', 'sockeye', 'cpu.server_cpu_us_per_msg');
const alone = value('rooms-1-room-10', 'sockeye', 'cpu.server_cpu_us_per_msg') ?? value('growth-room-10', 'sockeye', 'cpu.server_cpu_us_per_msg');
const rr = ratio(among, alone);
out.push(`| room of 10 among 10 000 rooms: µs/delivery within 10 % of one room (${fmt(alone)} µs) | ${fmt(among)} | ` +
  `${fmt(value('rooms-10k-room-10', 'limit', 'cpu.server_cpu_us_per_msg'))} | ${fmt(value('rooms-10k-room-10', 'node', 'cpu.server_cpu_us_per_msg'))} | ` +
  `${fmt(rr)} | ≤ 1.10 | ${rr == null ? 'not measured' : rr <= 1.1 ? '**met**' : 'not met'} |`);
out.push('');
out.push('Ratios are Sockeye over the server named in the target; "ratio" of the rooms line is Sockeye among 10 000 rooms over Sockeye with one.');
out.push('');
out.push('| case | metric | Sockeye | limit server | Node | Sockeye / limit | Sockeye / Node | runs (S/L/N) | steal % max | load max |');
out.push('|---|---|---|---|---|---|---|---|---|---|');
const cases = [...new Set(lines.map((l) => l.case))];
for (const c of cases) {
  const count = (s) => runs(c).filter((l) => l.server === s && !l.error).length;
  for (const [label, field] of METRICS[kind(c)]) {
    const s = value(c, 'sockeye', field), l = value(c, 'limit', field), n = value(c, 'node', field);
    out.push(`| ${c} | ${label} | ${fmt(s)} | ${fmt(l)} | ${fmt(n)} | ${fmt(ratio(s, l))} | ${fmt(ratio(s, n))} | ` +
      `${count('sockeye')}/${count('limit')}/${count('node')} | ${fmt(Math.max(...runs(c).map((x) => x.steal_pct)), 1)} | ` +
      `${fmt(Math.max(...runs(c).map((x) => x.loadavg_1m)), 1)} |`);
  }
}
process.stdout.write(out.join('\n') + '\n');
