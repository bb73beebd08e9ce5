// A bare `ws` client (npm) offering permessage-deflate and compressing everything it sends
// (threshold 0), driven by Sockeye's e2e tests. usage: node engine/ws-deflate.js <ws url>
// stdout: {"event":"open","extensions":"…"} then {"event":"message","data":"…"} per message
// (Engine.IO pings "2" are answered with "3" and not reported); stdin: {"send":"text"} per line.
const WebSocket = require('ws');
const readline = require('readline');

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const ws = new WebSocket(process.argv[2], { perMessageDeflate: { threshold: 0 } });
ws.on('open', () => out({ event: 'open', extensions: ws.extensions }));
ws.on('message', (data, isBinary) => {
  const text = data.toString();
  if (!isBinary && text === '2') { ws.send('3'); return; }
  out({ event: 'message', data: text });
});
ws.on('error', (err) => out({ event: 'error', message: String(err && err.message) }));
ws.on('close', (code) => { out({ event: 'close', code }); setTimeout(() => process.exit(0), 50); });
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.send !== undefined) ws.send(cmd.send);
});
