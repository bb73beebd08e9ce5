// A Node.js socket.io 4.8 server on @socket.io/postgres-adapter, driven by the Java tests through
// JSON lines: commands on stdin, events on stdout. It also connects socket.io-client sockets to
// itself, whose received events are reported too. Binary values travel as {"$bin": base64}.
"use strict";
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/postgres-adapter");
const { io: connect } = require("socket.io-client");
const pg = require("pg");
const readline = require("node:readline");

const env = process.env;
const pool = new pg.Pool({
  host: env.PG_HOST, port: Number(env.PG_PORT), user: env.PG_USER, database: env.PG_DATABASE,
  application_name: env.PG_APP, max: 4,
});
pool.on("error", (err) => out({ ev: "poolError", message: String(err) }));

function out(obj) { process.stdout.write(JSON.stringify(obj) + "\n"); }
function encode(v) {
  if (v instanceof Uint8Array) return { $bin: Buffer.from(v).toString("base64") };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === "object") { const o = {}; for (const k of Object.keys(v)) o[k] = encode(v[k]); return o; }
  return v;
}
function decode(v) {
  if (v && typeof v === "object" && !Array.isArray(v) && typeof v.$bin === "string") return Buffer.from(v.$bin, "base64");
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object") { const o = {}; for (const k of Object.keys(v)) o[k] = decode(v[k]); return o; }
  return v;
}

async function main() {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${env.PG_TABLE} (id bigserial UNIQUE, created_at timestamptz DEFAULT NOW(), payload bytea)`);
  const io = new Server({
    adapter: createAdapter(pool, {
      channelPrefix: env.PG_PREFIX, tableName: env.PG_TABLE,
      heartbeatInterval: 1000, heartbeatTimeout: 5000,
      errorHandler: (err) => out({ ev: "adapterError", message: String(err) }),
    }),
  });
  io.on("connection", (socket) => {
    socket.join(socket.handshake.auth.rooms || []);
    socket.data = { user: "node-" + socket.handshake.auth.n };
  });
  io.on("ping", (...args) => {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
    out({ ev: "serverSide", args: encode(args) });
    if (cb) cb("pong-node");
  });
  io.on("hello-servers", (...args) => out({ ev: "serverSide", args: encode(args) }));
  const httpServer = require("node:http").createServer();
  io.attach(httpServer);
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const port = httpServer.address().port;
  const clients = [];

  const commands = {
    async client(c) {
      const n = clients.length;
      const client = connect(`http://127.0.0.1:${port}`, { transports: ["websocket"], auth: { rooms: c.rooms || [], n } });
      clients.push(client);
      client.onAny((event, ...args) => {
        const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
        out({ ev: "client", client: n, event, args: encode(args) });
        if (cb) cb("ack-from-node-client-" + n);
      });
      client.on("disconnect", (reason) => out({ ev: "disconnect", client: n, reason }));
      await new Promise((resolve) => client.once("connect", resolve));
      return { client: n, id: client.id };
    },
    async emit(c) { (c.local ? io.local : io).to(c.rooms || []).except(c.except || []).emit(...decode(c.args)); return {}; },
    async emitWithAck(c) {
      const acks = await io.to(c.rooms || []).timeout(c.timeout || 5000).emitWithAck(...decode(c.args));
      return { acks: encode(acks) };
    },
    async fetch(c) {
      const sockets = await io.in(c.rooms || []).fetchSockets();
      return { sockets: sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, url: s.handshake.url })) };
    },
    async join(c) { io.in(c.rooms || []).socketsJoin(c.room); return {}; },
    async leave(c) { io.in(c.rooms || []).socketsLeave(c.room); return {}; },
    async disconnect(c) { io.in(c.rooms || []).disconnectSockets(true); return {}; },
    async sse(c) { io.serverSideEmit(...decode(c.args)); return {}; },
    async sseAck(c) { return { answers: encode(await io.serverSideEmitWithAck(...decode(c.args))) }; },
    async count() { return { count: await io.of("/").adapter.serverCount() }; },
    async rooms(c) {
      const rooms = io.of("/").adapter.sids.get(c.id);
      return { rooms: rooms ? [...rooms] : [] };
    },
  };

  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    let c;
    try {
      c = JSON.parse(line);
      const result = await commands[c.cmd](c);
      out({ ev: "reply", req: c.req, ...result });
    } catch (err) {
      out({ ev: "reply", req: c && c.req, error: String(err && err.message || err) });
    }
  }).on("close", () => {
    clients.forEach((client) => client.close());
    io.close();
    pool.end().finally(() => process.exit(0));
  });
  out({ ev: "ready", port });
}

main().catch((err) => { out({ ev: "fatal", message: String(err && err.stack || err) }); process.exit(1); });
