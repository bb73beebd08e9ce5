// The served msgpack bundle (/socket.io/socket.io.msgpack.min.js) in headless Chromium against a Sockeye server with
// the msgpack parser. Used by dev.sockeye.e2e.MsgpackBrowserTest:
//
//   node browser/msgpack-bundle.js http://127.0.0.1:3000 websocket
//
// The server's handlers (see the test): middleware refuses auth {token:"bad"} with data {code:401}; "echo" acks its
// args; "join" joins a room; "shout" emits "shouted" [room, bytes 7] to the room and acks "done"; on connection it
// emits "welcome" [auth, id] and asks "question" {q:42}, bytes 9 8 with an ack; /admin emits "admin" "hello admin".
// Prints "STEP <name>" as it goes, "OK" at the end and exits 0; any failure exits 1 with the reason.
"use strict";

const inChromium = require("./in-chromium");

const [base, transport] = process.argv.slice(2);
if (!base || !["polling", "websocket"].includes(transport)) {
  console.error("usage: msgpack-bundle.js <base-url> <polling|websocket>");
  process.exit(2);
}

// Runs in the page: each step resolves with what it saw, in a form comparable as JSON (`plain` and `once` are
// in-chromium.js's evaluateSteps helpers).
async function inPage(transport) {
  const options = { transports: [transport], reconnection: false, forceNew: true };
  const seen = {};

  const refused = io({ ...options, auth: { token: "bad" } });
  const [err] = await once(refused, "connect_error");
  seen.connectError = { message: err.message, data: err.data };
  refused.close();

  const a = io({ ...options, auth: { token: "t1" } });
  const question = new Promise((resolve) => a.on("question", (...args) => {
    const ack = args.pop();
    ack("answer", new Uint8Array([4, 2]).buffer);
    resolve(plain(args));
  }));
  const [welcome] = await Promise.all([once(a, "welcome"), once(a, "connect")]);
  seen.welcome = [plain(welcome[0]), welcome[1] === a.id ? "my id" : welcome[1]];
  seen.question = await question;
  // emitWithAck resolves with the first argument only: the callback sees them all
  seen.echo = plain(await new Promise((resolve) => a.emit("echo", 1, "two", { three: [true, null, -4.25] },
    new Uint8Array([1, 2, 3]).buffer, (...args) => resolve(args))));

  const b = io({ ...options });
  // listening before the connection is up: over polling one response may carry CONNECT, welcome and question
  await Promise.all([once(b, "connect"), once(b, "question")]); // b answers nothing: its question just arrives
  await a.emitWithAck("join", "room");
  await b.emitWithAck("join", "room");
  const shouted = once(b, "shouted");
  seen.shout = await a.emitWithAck("shout", "room");
  seen.shouted = plain(await shouted);

  const admin = io("/admin", { ...options });
  seen.admin = plain(await once(admin, "admin"));
  seen.transport = a.io.engine.transport.name;
  for (const s of [a, b, admin]) s.close();
  return seen;
}

inChromium(async (page) => {
  // A document of the server's origin (polling needs no CORS, and Chromium's local network access checks let its
  // WebSocket through): the bundle itself, shown as text, into which the bundle is then loaded as a script.
  const bundle = `${base}/socket.io/socket.io.msgpack.min.js`;
  await page.goto(bundle);
  await page.addScriptTag({ url: bundle });
  console.log("STEP bundle loaded");
  return inChromium.evaluateSteps(page, inPage, transport);
});
