// The Socket.IO v2 browser client (dist/socket.io.js of npm socket.io-client 2.5.0) in headless Chromium against a
// Sockeye server with allowEIO3. Used by dev.sockeye.e2e.V2BrowserClientTest:
//
//   node browser/v2-client.js http://127.0.0.1:3000 polling,websocket
//
// The server's handlers (see V2ClientFixture.serve): "/" refuses a
// connection query {token:"bad"} with data {code:401}, emits "welcome" [token, id] on connection, answers "echo" with
// its args, "join" joins a room, "shout" emits "shouted" [room, bytes 7] to the room, "question" is asked by the test;
// "/admin" refuses auth {token:"bad"} with data {code:401} and emits "admin" [auth, id]; "drop" closes the connection.
// Prints "SEEN <json>" then "OK" and exits 0; any failure exits 1 with the reason and the page's log (see in-chromium.js).
"use strict";

const inChromium = require("./in-chromium");

const [base, transports] = process.argv.slice(2);
if (!base || !transports) {
  console.error("usage: v2-client.js <base-url> <transports comma-separated>");
  process.exit(2);
}

// Runs in the page: each step resolves with what it saw, in a form comparable as JSON (`plain` and `once` are
// in-chromium.js's evaluateSteps helpers).
async function inPage(transports) {
  const options = { transports, reconnection: false, forceNew: true };
  const ask = (socket, ...args) => new Promise((resolve) => socket.emit(...args, (...answer) => resolve(plain(answer))));
  const seen = {};

  const refused = io({ ...options, query: { token: "bad" } });
  seen.refused = plain((await once(refused, "error"))[0]);
  refused.close();

  const a = io({ ...options, query: { token: "t1" } });
  const question = new Promise((resolve) => a.on("question", (...args) => {
    const ack = args.pop();
    ack("answer", new Uint8Array([4, 2]).buffer);
    resolve(plain(args));
  }));
  const [welcome] = await Promise.all([once(a, "welcome"), once(a, "connect")]);
  seen.welcome = [welcome[0], welcome[1] === a.id && a.id === a.io.engine.id ? "my engine id" : welcome[1]];
  seen.question = await question;
  seen.echo = await ask(a, "echo", 1, "two", { three: [true, null, -4.25] }, new Uint8Array([1, 2, 3]).buffer);

  const b = io({ ...options });
  await Promise.all([once(b, "connect"), once(b, "welcome")]);
  await ask(a, "join", "room");
  await ask(b, "join", "room");
  const shouted = once(b, "shouted");
  seen.shout = await ask(a, "shout", "room");
  seen.shouted = plain(await shouted);

  const admin = io("/admin", { ...options, query: { token: "t2" } });
  const [adminArgs] = await Promise.all([once(admin, "admin"), once(admin, "connect")]);
  seen.admin = [adminArgs[0], adminArgs[1] === admin.id && admin.id === "/admin#" + admin.io.engine.id ? "/admin#engine id" : adminArgs[1]];
  const adminRefused = io("/admin", { ...options, query: { token: "bad" } });
  seen.adminRefused = plain((await once(adminRefused, "error"))[0]);

  if (transports.length > 1 && a.io.engine.transport.name !== "websocket") {
    await new Promise((resolve) => a.io.engine.once("upgrade", resolve));
  }
  seen.transport = a.io.engine.transport.name;
  seen.echoAfterUpgrade = await ask(a, "echo", "again", new Uint8Array([5]).buffer);

  const c = io({ ...options, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
  await once(c, "connect");
  if (transports.length > 1 && c.io.engine.transport.name !== "websocket") {
    // not during the upgrade: closed then, the engine waits (up to 30 s) for a poll the upgrading client never sends
    await new Promise((resolve) => c.io.engine.once("upgrade", resolve));
  }
  const firstId = c.id;
  const dropped = once(c, "disconnect");
  const reconnected = Promise.all([once(c, "reconnect"), once(c, "connect")]);
  c.emit("drop");
  seen.dropped = await dropped;
  await reconnected;
  seen.reconnected = c.id !== firstId && c.id === c.io.engine.id ? "with a new id" : c.id;
  seen.echoAfterReconnect = await ask(c, "echo", "reconnected");

  for (const s of [a, b, admin, adminRefused, c]) s.close();
  return seen;
}

inChromium(async (page) => {
  // A document of the server's origin (polling needs no CORS, and Chromium's local network access checks let its
  // WebSocket through, which they do not for a document Playwright makes up): the v4 client file the server serves,
  // shown as text, into which the v2 client file, served here, is loaded as a script.
  await page.route(`${base}/v2/socket.io.js`, (route) => route.fulfill({
    contentType: "application/javascript", path: require.resolve("socket.io-client-v2/dist/socket.io.js"),
  }));
  await page.goto(`${base}/socket.io/socket.io.js`);
  await page.addScriptTag({ url: `${base}/v2/socket.io.js` });
  console.log("STEP client loaded");
  return inChromium.evaluateSteps(page, inPage, transports.split(","));
});
