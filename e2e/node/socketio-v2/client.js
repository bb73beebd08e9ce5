// A Socket.IO v2 peer (npm socket.io-client 2.5.0: Socket.IO protocol 4 over Engine.IO 3) driven by Sockeye's e2e tests.
// usage: node socketio-v2/client.js <url> <transports comma-separated>
// stdout: one JSON line per event; binary values are written as {"$bin":[...]}:
//   {"event":"engine-open","transport":..}, {"event":"upgrade","transport":..}   the connection (skipped by most tests)
//   {"event":"connect","nsp":..,"id":..}         the socket's id as the client computes it
//   {"event":"error","nsp":..,"data":..}         a namespace refused the socket (a v2 client has no connect_error for it)
//   {"event":"connect_error","nsp":..,"message":..,"description":..}   the connection failed
//   {"event":"disconnect","nsp":..,"reason":..}, {"event":"reconnect","nsp":..,"attempt":..}
//   {"event":"message","nsp":..,"name":..,"args":[..],"acked":true?}   an event from the server (acks answered with its args)
//   {"event":"ack","nsp":..,"name":..,"args":[..]}   the server's answer to an emit with "ack"
// stdin: one JSON command per line:
//   {"open":"/nsp","query":{...}}           open a socket on a namespace; its query goes in its CONNECT (there is none for "/")
//   {"nsp":"/nsp","emit":"ev","args":[..],"ack":true}
//   {"nsp":"/nsp","disconnect":true}       leave a namespace
//   {"close":true}                          close every connection and exit
// Any command may name a "client": each name opens its own connection (a new Manager) and its lines carry "client".
// The first command of a client may carry "options" for its Manager (query, reconnection, ...); reconnection is off
// unless they turn it on.
const { Manager } = require('socket.io-client-v2');
const readline = require('readline');
const { dec, out, tag } = require('../socketio/json-lines');

const [url, transports = 'polling,websocket'] = process.argv.slice(2);

const managers = {};
const manager = (client, options) => {
  const key = client || '';
  if (!managers[key]) {
    const m = new Manager(url, { transports: transports.split(','), reconnection: false, ...options });
    m.on('open', () => {
      out(tag(client, { event: 'engine-open', transport: m.engine.transport.name }));
      m.engine.on('upgrade', (t) => out(tag(client, { event: 'upgrade', transport: t.name })));
    });
    managers[key] = m;
  }
  return managers[key];
};
const sockets = {};

function open(client, nsp, query, options) {
  const socket = manager(client, options).socket(nsp, query ? { query } : {});
  sockets[(client || '') + '|' + nsp] = socket;
  const report = (line) => out(tag(client, line));
  socket.on('connect', () => report({ event: 'connect', nsp, id: socket.id }));
  socket.on('error', (data) => report({ event: 'error', nsp, data }));
  socket.on('connect_error', (err) => {
    // description: the HTTP status of a failed poll; the WebSocket transport's is an event object, left out
    const description = typeof err.description === 'object' ? undefined : err.description;
    report({ event: 'connect_error', nsp, message: err.message, description });
  });
  socket.on('disconnect', (reason) => report({ event: 'disconnect', nsp, reason }));
  socket.on('reconnect', (attempt) => report({ event: 'reconnect', nsp, attempt }));
  // A v2 client has no onAny: every event packet passes here, before any listener.
  socket.onevent = (packet) => {
    const [name, ...args] = packet.data || [];
    const acked = packet.id != null;
    if (acked) socket.ack(packet.id)(...args);
    report({ event: 'message', nsp, name, args, ...(acked && { acked }) });
  };
  return socket;
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  const nsp = cmd.nsp || '/';
  const socket = sockets[(cmd.client || '') + '|' + nsp];
  if (cmd.open !== undefined) open(cmd.client, cmd.open, cmd.query, cmd.options);
  if (cmd.emit !== undefined) {
    const args = dec(cmd.args || []);
    if (cmd.ack) {
      socket.emit(cmd.emit, ...args, (...response) => out(tag(cmd.client, { event: 'ack', nsp, name: cmd.emit, args: response })));
    } else {
      socket.emit(cmd.emit, ...args);
    }
  }
  if (cmd.disconnect) socket.disconnect();
  if (cmd.close) {
    for (const s of Object.values(sockets)) s.disconnect();
    for (const m of Object.values(managers)) m.close();
    setTimeout(() => process.exit(0), 50);
  }
});
