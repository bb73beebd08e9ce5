// Drives the Socket.IO Admin UI (@socket.io/admin-ui 0.5.1's ui/dist, served by Sockeye) in headless Chromium: a
// wrong password is refused, the right one logs in, the servers, sockets and rooms show up, and the UI's disconnect
// button disconnects a socket. Used by dev.sockeye.e2e.AdminUiBrowserTest; runnable by hand:
//
//   node browser/admin-ui.js http://127.0.0.1:3000/admin-ui/ http://127.0.0.1:3000 s3cret \
//        server-a,server-b <id to disconnect> <other socket ids, comma-separated> [screenshot-prefix]
//
// Prints "STEP <name>" as it goes and "OK" at the end (exit 0); any failure exits 1 with the reason and the page's
// log on stderr. Requests that leave the loopback (the UI's web fonts and icons) are aborted: there is no internet
// here, and the UI works without them.
"use strict";

const { launch } = require("./in-chromium");

const [uiUrl, serverUrl, password, serverIds, victim, others = "", screenshot] = process.argv.slice(2);
if (!uiUrl || !serverUrl || !password || !serverIds || !victim) {
  console.error("usage: admin-ui.js <ui-url> <server-url> <password> <server ids> <socket id> [other ids] [screenshot-prefix]");
  process.exit(2);
}
const TIMEOUT = 15000;

function step(name) {
  console.log(`STEP ${name}`);
}

async function login(page, secret) {
  await page.getByLabel("Server URL").fill(serverUrl);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(secret);
  await page.getByRole("button", { name: "Connect" }).click();
}

async function show(page, hash) {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

async function main() {
  const browser = await launch();
  const log = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on("console", (msg) => log.push(`${msg.type()}: ${msg.text()}`));
    page.on("pageerror", (err) => log.push(`pageerror: ${err.message}`));
    await page.goto(uiUrl, { waitUntil: "domcontentloaded" });

    step("wrong password");
    await login(page, "not-the-password");
    await page.getByText("Invalid credentials").waitFor();

    step("login");
    await login(page, password);
    await page.getByLabel("Password").waitFor({ state: "hidden" });

    step("servers");
    await show(page, "#/servers/");
    for (const id of serverIds.split(",")) {
      await page.locator("tr", { hasText: id }).waitFor();
    }
    if (screenshot) {
      await page.screenshot({ path: `${screenshot}-servers.png` });
    }

    step("sockets");
    await show(page, "#/sockets/");
    for (const id of [victim, ...others.split(",").filter((s) => s)]) {
      await page.locator("tr", { hasText: id }).waitFor();
    }
    if (screenshot) {
      await page.screenshot({ path: `${screenshot}-sockets.png` });
    }

    step("rooms");
    await show(page, "#/rooms/");
    await page.locator("tr", { hasText: "lobby" }).waitFor();

    step("disconnect");
    await show(page, "#/sockets/");
    const row = page.locator("tr", { hasText: victim });
    await row.locator("button").click();
    // The click also opens the socket's page (the row is a link); the socket leaves the list when it is gone.
    await show(page, "#/sockets/");
    await page.locator("tr", { hasText: victim }).waitFor({ state: "detached" });

    step("dashboard");
    await show(page, "#/");
    await page.getByText("Connection and disconnection events").waitFor();
    if (screenshot) {
      await page.screenshot({ path: `${screenshot}-dashboard.png` });
    }
    console.log("OK");
  } catch (e) {
    console.error(e.stack || String(e));
    console.error(log.join("\n"));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main();
