// A socket.io-client 4.x peer driven by Sockeye's e2e tests.
// usage: node socketio/client.js <url> <transports comma-separated> [path]
// env SOCKEYE_PARSER=msgpack: every connection uses socket.io-msgpack-parser instead of the default JSON parser.
// stdout: one JSON line per event; binary values are written as {"$bin":[...]}.
// stdin: one JSON command per line:
//   {"open":"/nsp","auth":{...}}           open a socket on a namespace (same connection)
//   {"remount":"/nsp"}                      open it, then disconnect() and connect() it at once, as React StrictMode does;
//                                           its CONNECTs carry the auth {"mount":1}, then {"mount":2}
//   {"nsp":"/nsp","emit":"ev","args":[..],"ack":true,"timeout":ms}
//   {"nsp":"/nsp","disconnect":true}       leave a namespace
//   {"nsp":"/nsp","connect":true}          connect the socket again (after a disconnect; the Manager reconnects if needed)
//   {"nsp":"/nsp","connect":true,"url":u}  the same, the Manager's next connection going to url (another server of a
//                                           cluster): the same Socket object, so its CONNECT carries auth {pid, offset}
//                                           exactly as the client's own reconnection does
//   {"kill":true}                           destroy the WebSocket's TCP socket without a close frame (a dropped connection)
//   {"close":true}                          close the whole connection
//   {"silent":"ev"}                         never answer the acks of event ev on this client (reported with "acked":false)
//   {"date":true}                           report {"event":"date","value":new Date().toString()}
// The first command naming a new "client" may carry "options" for its Manager (extraHeaders, query, ...).
// Any command may name a "client": each name opens its own connection (a new Manager) and its lines carry
// "client"; without it, everything goes through the first connection.
// Every event the server sends is reported; one that asks for an ack is answered with its own args.
// A connect report of a socket with connection state recovery carries "pid" (the client's private session id, for
// tests that reuse it), and "recovered":true when the server recovered the session.
const { Manager } = require('socket.io-client');
const readline = require('readline');

const [url, transports = 'polling,websocket', path = '/socket.io'] = process.argv.slice(2);
const parser = process.env.SOCKEYE_PARSER === 'msgpack' ? { parser: require('socket.io-msgpack-parser') } : {};
const { dec, out, tag } = require('./json-lines');

const managers = {};
const manager = (client, options) => {
  const key = client || '';
  if (!managers[key]) {
    const m = new Manager(url, { transports: transports.split(','), path, reconnection: false, ...parser, ...options });
    m.on('open', () => {
      const engine = m.engine;
      out(tag(client, { event: 'engine-open', transport: engine.transport.name }));
      engine.on('upgrade', (t) => out(tag(client, { event: 'upgrade', transport: t.name })));
    });
    managers[key] = m;
  }
  return managers[key];
};
manager();
const sockets = {};
const silent = new Set();

function open(client, nsp, auth, options) {
  const socket = manager(client, options).socket(nsp, auth ? { auth } : {});
  sockets[(client || '') + '|' + nsp] = socket;
  const report = (line) => out(tag(client, line));
  socket.on('connect', () => report({ event: 'connect', nsp, id: socket.id,
    ...(socket._pid ? { pid: socket._pid } : {}), ...(socket.recovered ? { recovered: true } : {}) }));
  socket.on('connect_error', (err) => report({ event: 'connect_error', nsp, message: err.message, data: err.data }));
  socket.on('disconnect', (reason) => report({ event: 'disconnect', nsp, reason }));
  socket.onAny((name, ...args) => {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args.pop();
      if (silent.has((client || '') + '|' + name)) {
        report({ event: 'message', nsp, name, args, acked: false });
        return;
      }
      last(...args);
      report({ event: 'message', nsp, name, args, acked: true });
    } else {
      report({ event: 'message', nsp, name, args });
    }
  });
  // manager.socket() connects by itself (autoConnect); a second connect() could send a second CONNECT
  return socket;
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  const nsp = cmd.nsp || '/';
  const key = (cmd.client || '') + '|' + nsp;
  if (cmd.silent !== undefined) silent.add((cmd.client || '') + '|' + cmd.silent);
  if (cmd.date) out(tag(cmd.client, { event: 'date', value: new Date().toString() }));
  if (cmd.open !== undefined) open(cmd.client, cmd.open, cmd.auth, cmd.options);
  if (cmd.remount !== undefined) {
    let mount = 0;
    open(cmd.client, cmd.remount, (send) => send({ mount: ++mount }), cmd.options).disconnect().connect();
  }
  if (cmd.emit !== undefined) {
    const socket = sockets[key];
    const args = dec(cmd.args || []);
    if (cmd.ack) {
      const target = cmd.timeout ? socket.timeout(cmd.timeout) : socket;
      target.emit(cmd.emit, ...args, (...response) => {
        if (cmd.timeout) {
          const err = response.shift();
          out(tag(cmd.client, { event: 'ack', nsp, name: cmd.emit, error: err ? err.message : null, args: response }));
        } else {
          out(tag(cmd.client, { event: 'ack', nsp, name: cmd.emit, args: response }));
        }
      });
    } else {
      socket.emit(cmd.emit, ...args);
    }
  }
  if (cmd.disconnect) sockets[key].disconnect();
  if (cmd.connect) {
    // the Manager opens its next Engine.IO connection on its uri (engine.io-client reads host and port from it)
    if (cmd.url) manager(cmd.client).uri = cmd.url;
    sockets[key].connect();
  }
  if (cmd.kill) manager(cmd.client).engine.transport.ws._socket.destroy();
  if (cmd.close) {
    for (const s of Object.values(sockets)) s.disconnect();
    for (const m of Object.values(managers)) if (m.engine) m.engine.close();
    setTimeout(() => process.exit(0), 50);
  }
});
