// npm engine.io-client 3.5's browser build (engine.io.js) in headless Chromium with forceJSONP against the echo
// endpoint of a Sockeye engine with allowEIO3: polls are <script> tags calling ___eio[j](...), sends are posts of a
// hidden form (field d). Used by dev.sockeye.e2e.EngineJsonpBrowserTest:
//
//   node browser/eio3-jsonp.js http://127.0.0.1:3000
//
// Prints "SEEN <json>" then "OK" and exits 0; any failure exits 1 with the reason and the page's console.
"use strict";

const fs = require("fs");
const inChromium = require("./in-chromium");

const [base] = process.argv.slice(2);
const clientBuild = require.resolve("engine.io-client-v3/engine.io.js");

// Runs in the page: opens a JSONP session, has text (quotes, backslashes, newlines, U+2028) and binary echoed, lives
// through a few ping cycles (the client pings every 300 ms), then closes.
async function inPage(base) {
  const socket = new eio.Socket(base, { path: "/engine.io", transports: ["polling"], forceJSONP: true });
  const next = (event) => new Promise((resolve) => socket.once(event, resolve));
  await next("open");
  const seen = { jsonp: "j" in socket.transport.query, protocol: socket.transport.query.EIO };
  const text = 'say "hi"\n\\n and \\\\n, \u2028é\uD83D\uDE00';
  socket.send(text);
  seen.textEchoed = (await next("message")) === text;
  socket.send(new Uint8Array([1, 2, 255]).buffer);
  seen.binary = Array.from(new Uint8Array(await next("message")));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  socket.send("still here");
  seen.afterPings = await next("message");
  const closed = next("close");
  socket.close();
  seen.close = await closed;
  return seen;
}

inChromium(async (page) => {
  await page.goto(`${base}/engine.io/`); // any document of the server's origin: the form posts stay same-origin
  await page.addScriptTag({ content: fs.readFileSync(clientBuild, "utf8") });
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error("no result in 30 s")), 30000));
  return Promise.race([page.evaluate(inPage, base), timeout]);
});
