// Drives the chat demo page in headless Chromium: two users chat, rooms, private messages, a reload, and a server
// restart. Used by dev.sockeye.e2e.ChatDemoBrowserTest; runnable by hand against a running demo:
//
//   node browser/chat-demo.js http://127.0.0.1:3000 websocket [screenshot.png]
//
// Arguments: base URL, transport (polling | websocket), optional screenshot path.
// Protocol with the caller: prints "STEP <name>" as it goes; when it prints "RESTART" it waits for a line on stdin
// (the caller restarts the server on the same port, then writes any line); prints "OK" and exits 0 at the end.
// Any failure exits 1 with the reason and the pages' logs on stderr.
"use strict";

const readline = require("readline");
const { launch } = require("./in-chromium");

const [base, transport, screenshot] = process.argv.slice(2);
if (!base || !["polling", "websocket"].includes(transport)) {
  console.error("usage: chat-demo.js <base-url> <polling|websocket> [screenshot.png]");
  process.exit(2);
}
const TIMEOUT = 15000;
const stdinLines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

function step(name) {
  console.log(`STEP ${name}`);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function open(context, nickname) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.consoleLines = [];
  page.on("console", (msg) => page.consoleLines.push(`[${nickname}] ${msg.type()}: ${msg.text()}`));
  page.on("pageerror", (err) => page.consoleLines.push(`[${nickname}] pageerror: ${err.message}`));
  await page.goto(`${base}/?transports=${transport}`);
  await page.fill("#nickname", nickname);
  await page.click("#login-form button");
  await online(page);
  return page;
}

async function online(page) {
  await page.locator("#status.online").waitFor();
  await page.locator("#text:enabled").waitFor();
}

async function send(page, text) {
  await page.fill("#text", text);
  await page.press("#text", "Enter");
  // The server's ack turns the pending "…" into "✓".
  await page.locator("#log li.mine", { hasText: text }).locator(".tick.delivered").waitFor();
}

async function sees(page, kind, text) {
  await page.locator(`#log li.${kind}`, { hasText: text }).waitFor();
}

async function seesNot(page, text) {
  check((await page.locator("#log li", { hasText: text }).count()) === 0, `${text} must not be shown`);
}

async function onlineCount(page, count) {
  await page.locator("#online", { hasText: `${count} online` }).waitFor();
}

async function selectRoom(page, room) {
  await page.click(`#rooms button.room:text-is("#${room}")`);
  await page.locator("#members-room", { hasText: `#${room}` }).waitFor();
}

async function main() {
  const browser = await launch();
  const pages = [];
  try {
    // Two users, each in their own browser context (own sessionStorage).
    const viewport = { width: 1100, height: 640 };
    const alice = await open(await browser.newContext({ viewport }), "alice");
    pages.push(alice);
    const bob = await open(await browser.newContext({ viewport }), "bob");
    pages.push(bob);

    step("transport");
    for (const page of pages) {
      await page.locator("#transport", { hasText: transport }).waitFor();
    }

    step("counter and members");
    await onlineCount(alice, 2);
    await onlineCount(bob, 2);
    await alice.locator("#members li", { hasText: "bob" }).waitFor();
    await sees(alice, "system", "bob joined #general");

    step("chat with acks");
    await send(alice, "Hi Bob, this is Sockeye!");
    await sees(bob, "message", "Hi Bob, this is Sockeye!");

    step("typing indicator");
    await bob.fill("#text", "Hello Al");
    await bob.type("#text", "i");
    await alice.locator("#typing", { hasText: "bob is typing…" }).waitFor();
    await bob.press("#text", "Enter");
    await bob.locator("#log li.mine", { hasText: "Hello Ali" }).locator(".tick.delivered").waitFor();
    await sees(alice, "message", "Hello Ali");
    await alice.locator("#typing:empty").waitFor();

    step("rooms");
    await alice.fill("#join-name", "java");
    await alice.press("#join-name", "Enter");
    await alice.locator("#members-room", { hasText: "#java" }).waitFor();
    await alice.locator("#members li", { hasText: "alice" }).waitFor();
    await send(alice, "Only the #java room sees this");
    await selectRoom(alice, "general");
    await send(alice, "Back in #general");
    // Alice's two messages reach the server in order: once Bob has the second, he would have had the first.
    await sees(bob, "message", "Back in #general");
    await seesNot(bob, "Only the #java room sees this");
    // Bob joins #java: Alice sees him arrive and in the member list; he then gets the room's new messages only.
    await bob.fill("#join-name", "java");
    await bob.press("#join-name", "Enter");
    await bob.locator("#members li", { hasText: "alice" }).waitFor();
    await selectRoom(alice, "java");
    await sees(alice, "system", "bob joined #java");
    await alice.locator("#members li", { hasText: "bob" }).waitFor();
    await send(alice, "Welcome to #java, Bob");
    await sees(bob, "message", "Welcome to #java, Bob");
    await seesNot(bob, "Only the #java room sees this");
    // Bob leaves #java: his member entry goes away on Alice's side.
    await bob.click('#rooms li:has(button.room:text-is("#java")) button.leave');
    await sees(alice, "system", "bob left #java");
    await alice.locator("#members li", { hasText: "bob" }).waitFor({ state: "detached" });
    await selectRoom(alice, "general");

    step("private message");
    await alice.click("#members li:has-text('bob')");
    await alice.locator("#private-to:visible", { hasText: "bob" }).waitFor();
    await send(alice, "psst, a private word");
    await sees(bob, "private", "psst, a private word");
    await alice.click("#private-cancel");

    if (screenshot) {
      step("screenshot");
      await send(bob, "Got it. So the ✓ marks are the server's acks?");
      await sees(alice, "message", "the server's acks");
      await send(alice, "Yes! Now try ?transports=polling, or restart the server");
      await sees(bob, "message", "restart the server");
      await bob.fill("#text", "On it");
      await alice.locator("#typing", { hasText: "bob is typing…" }).waitFor();
      await alice.screenshot({ path: screenshot });
      await bob.fill("#text", "");
    }

    step("reload");
    const oldId = await bob.evaluate(() => socket.id);
    await bob.reload();
    await online(bob);
    const newId = await bob.evaluate(() => socket.id);
    check(newId && newId !== oldId, "a reloaded page is a new socket");
    await sees(alice, "system", "bob left #general");
    await alice.locator("#members li", { hasText: newId }).waitFor();
    await onlineCount(alice, 2);
    await send(alice, "Welcome back, Bob");
    await sees(bob, "message", "Welcome back, Bob");

    step("server restart");
    console.log("RESTART");
    const line = await stdinLines.next();
    check(!line.done, "stdin closed before the server restarted");
    for (const page of pages) {
      await sees(page, "system", "server shutting down");
      await online(page);
      await onlineCount(page, 2);
    }
    // Both rejoined #general by themselves: they chat again.
    await bob.locator("#members li", { hasText: "alice" }).waitFor();
    await send(bob, "We survived the restart");
    await sees(alice, "message", "We survived the restart");

    for (const page of pages) {
      const errors = page.consoleLines.filter((l) => l.includes("pageerror"));
      check(errors.length === 0, `page errors: ${errors.join("; ")}`);
    }
    console.log("OK");
  } catch (err) {
    console.error(`FAILED: ${err.stack || err}`);
    for (const page of pages) {
      console.error(page.consoleLines.join("\n"));
      console.error(await page.locator("#log").innerText().catch(() => "(no log)"));
    }
    process.exitCode = 1;
  } finally {
    await browser.close();
    process.stdin.destroy();
  }
}

main();
