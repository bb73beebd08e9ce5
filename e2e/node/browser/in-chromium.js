// Runs one scripted page in headless Chromium (Playwright) for the e2e browser tests: launches it, opens a page that
// records its console, calls `steps(page)`, prints "SEEN <json of its result>" then "OK"; on any failure prints the
// reason with the page's console to stderr and exits 1. Closes Chromium in every case.
"use strict";

const { chromium } = require("playwright-core");

module.exports = async function inChromium(steps) {
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
    console.log("SEEN " + JSON.stringify(await steps(page)));
    console.log("OK");
  } catch (err) {
    console.error(`FAILED: ${err.stack || err}\n${logs.join("\n")}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
};
