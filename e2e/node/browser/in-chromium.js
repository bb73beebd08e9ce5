// Runs one scripted page in headless Chromium (Playwright) for the e2e browser tests: launches it, opens a page that
// records its console, calls `steps(page)`, prints "SEEN <json of its result>" then "OK"; on any failure prints the
// reason with the page's console to stderr and exits 1. Closes Chromium in every case.
"use strict";

const { chromium } = require("playwright-core");

// Headless Chromium as every browser script here starts it: the binary in $CHROMIUM (default /usr/bin/chromium).
function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

// Runs `inPage(arg)` in the page, failing after 30 s. Before it, defines in the page the helpers the client scripts'
// steps share: `plain(v)` (a value comparable as JSON, ArrayBuffer -> {bin:[...]}) and `once(socket, event)` (a promise
// of the event's arguments, logged as "got <event>" so that a hanging step shows in the report).
async function evaluateSteps(page, inPage, arg) {
  await page.evaluate(() => {
    window.plain = (v) => {
      if (v instanceof ArrayBuffer) return { bin: Array.from(new Uint8Array(v)) };
      if (Array.isArray(v)) return v.map(window.plain);
      if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, window.plain(x)]));
      return v;
    };
    window.once = (socket, event) => new Promise((resolve) => socket.once(event, (...args) => {
      console.log(`got ${event}`);
      resolve(args);
    }));
  });
  return Promise.race([
    page.evaluate(inPage, arg),
    new Promise((_, reject) => setTimeout(() => reject(new Error("the page did not finish in 30 s")), 30000)),
  ]);
}

async function inChromium(steps) {
  const browser = await launch();
  const logs = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(15000);
    page.on("console", (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
    page.on("pageerror", (err) => logs.push(`pageerror: ${err.message}`));
    console.log("SEEN " + JSON.stringify(await steps(page)));
    console.log("OK");
  } catch (err) {
    console.error(`FAILED: ${err.stack || err}\n${logs.join("\n")}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

module.exports = inChromium;
module.exports.launch = launch;
module.exports.evaluateSteps = evaluateSteps;
