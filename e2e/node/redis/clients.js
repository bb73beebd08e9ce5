// Several socket.io-client 4.8 clients in one process, for the Redis cluster tests.
// stdin, one JSON command per line:
//   {"connect":"c1","url":"http://127.0.0.1:3000"}                    ("parser":"msgpack": socket.io-msgpack-parser)
//   {"emit":"c1","event":"join","args":[{"room":"r"}],"seq":1}   (always with an ack)
// stdout, one JSON line per thing that happened, always with "client":
//   {"client":"c1","event":"connect","id":"..."} | {"client":"c1","event":"<name>","args":[...]}
//   {"client":"c1","seq":1,"ack":<result>} | {"client":"c1","event":"disconnect","reason":"..."}
// Events that ask for an ack are answered with "acked:<client>". Binary becomes {"_bin":[...]}.
const { io } = require('socket.io-client');
const readline = require('readline');

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const plain = (v) => {
  if (Buffer.isBuffer(v) || v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return { _bin: Array.from(new Uint8Array(v.buffer ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v)) };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};
const clients = new Map();

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.connect) {
    const name = cmd.connect;
    const parser = cmd.parser === 'msgpack' ? { parser: require('socket.io-msgpack-parser') } : {};
    const socket = io(cmd.url, { transports: ['websocket'], auth: { name }, reconnection: false, ...parser });
    clients.set(name, socket);
    socket.on('connect', () => out({ client: name, event: 'connect', id: socket.id }));
    socket.on('connect_error', (e) => out({ client: name, event: 'connect_error', message: e.message }));
    socket.on('disconnect', (reason) => out({ client: name, event: 'disconnect', reason }));
    socket.onAny((event, ...args) => {
      if (typeof args[args.length - 1] === 'function') args.pop()('acked:' + name);
      out({ client: name, event, args: plain(args) });
    });
  } else if (cmd.emit) {
    const name = cmd.emit;
    clients.get(name).timeout(15000).emit(cmd.event, ...cmd.args, (err, res) =>
      out({ client: name, seq: cmd.seq, ack: err ? { error: err.message } : plain(res) }));
  }
});
