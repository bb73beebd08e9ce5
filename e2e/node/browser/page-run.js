// Runs a test function in a headless Chromium page whose document is of the server's origin (polling then needs no
// CORS, and Chromium's local network access checks let the page's WebSocket through, which they do not for a
// document Playwright makes up), after loading client scripts into it. Prints "STEP scripts loaded", then
// "SEEN <json>" with what the function resolved with and "OK"; any failure exits 1 with the reason and the page's log.
"use strict";

const { chromium } = require("playwright-core");

/**
 * @param documentUrl a URL of the server that the page shows (as text, for a script)
 * @param routes      {url: file} served by this script instead of the server
 * @param scripts     URLs of the scripts loaded into the page, in order
 * @param inPage      the function run in the page, with arg; what it resolves with is printed
 */
async function runInPage({ documentUrl, routes = {}, scripts, inPage, arg }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const logs = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(15000);
    page.on("console", (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
    page.on("pageerror", (err) => logs.push(`pageerror: ${err.message}`));
    for (const [url, path] of Object.entries(routes)) {
      await page.route(url, (route) => route.fulfill({ contentType: "application/javascript", path }));
    }
    await page.goto(documentUrl);
    for (const url of scripts) await page.addScriptTag({ url });
    console.log("STEP scripts loaded");
    const seen = await Promise.race([
      page.evaluate(inPage, arg),
      new Promise((_, reject) => setTimeout(() => reject(new Error("the page did not finish in 30 s")), 30000)),
    ]);
    console.log("SEEN " + JSON.stringify(seen));
    console.log("OK");
  } catch (err) {
    console.error(`FAILED: ${err.stack || err}\n${logs.join("\n")}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

module.exports = { runInPage };
