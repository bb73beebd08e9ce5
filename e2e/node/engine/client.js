// An engine.io-client peer driven by Sockeye's e2e tests.
// usage: node engine/client.js <url> <transports comma-separated> [path]
// env: EIO_CLIENT=v3 uses engine.io-client 3.x (protocol v3) instead of 6.x; EIO_OPTIONS is a JSON
//      object of extra client options (e.g. {"forceBase64":true}).
// stdout: one JSON line per event; stdin: one JSON command per line:
//   {"send":"text"} | {"sendBinary":[1,2,3]} | {"close":true}
const Socket = process.env.EIO_CLIENT === 'v3' ? require('engine.io-client-v3') : require('engine.io-client').Socket;
const readline = require('readline');

const [url, transports = 'polling,websocket', path = '/engine.io'] = process.argv.slice(2);
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const extra = JSON.parse(process.env.EIO_OPTIONS || '{}');

const socket = new Socket(url, { transports: transports.split(','), path, ...extra });
socket.on('open', () => out({ event: 'open', transport: socket.transport.name, id: socket.id }));
socket.on('upgrade', (t) => out({ event: 'upgrade', transport: t.name }));
socket.on('message', (data) => {
  if (typeof data === 'string') out({ event: 'message', data, transport: socket.transport.name });
  else out({ event: 'message', binary: Array.from(new Uint8Array(data)), transport: socket.transport.name });
});
socket.on('error', (err) => out({ event: 'error', message: String(err && err.message) }));
socket.on('close', (reason) => { out({ event: 'close', reason }); setTimeout(() => process.exit(0), 50); });

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.send !== undefined) socket.send(cmd.send);
  if (cmd.sendBinary !== undefined) socket.send(Uint8Array.from(cmd.sendBinary));
  if (cmd.close) socket.close();
});
