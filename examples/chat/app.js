// Sockeye chat: the browser side. Plain JavaScript, no build step; `io` comes from /socket.io/socket.io.js.
//
// Events (see ChatDemo.java for the server side):
//   client → server: join(room, ack), leave(room, ack), message({room, text}, ack), typing({room, typing}),
//                    private({to, text}, ack)
//   server → client: users({count}), presence({room, id, nickname, joined, members}), message(msg),
//                    typing({room, id, nickname, typing}), private(msg), shutdown({message})
"use strict";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// Per tab (sessionStorage), so two tabs can be two users, and a reload comes back as the same user in the same rooms.
const saved = JSON.parse(sessionStorage.getItem("sockeye-chat") || "{}");
const state = {
  nickname: saved.nickname || params.get("nickname") || "",
  rooms: new Map((saved.rooms || ["general"]).map((name) => [name, { members: [], log: [], unread: 0 }])),
  current: saved.current || "general",
  privateTo: null, // {id, nickname} while composing a private message
  typing: new Map(), // room → Map(id → {nickname, timer})
};
if (!state.rooms.has(state.current)) state.current = state.rooms.keys().next().value || "general";

function save() {
  sessionStorage.setItem("sockeye-chat", JSON.stringify({
    nickname: state.nickname, rooms: [...state.rooms.keys()], current: state.current,
  }));
}

// ---- connection ----------------------------------------------------------------------------------------------

let socket;

function connect() {
  // ?transports=polling or ?transports=websocket pins a transport; the default tries polling then upgrades.
  const transports = params.get("transports") ? params.get("transports").split(",") : undefined;
  socket = io({ auth: { nickname: state.nickname }, transports });

  socket.io.on("open", () => {
    const engine = socket.io.engine;
    showTransport(engine.transport.name);
    engine.on("upgrade", (transport) => showTransport(transport.name));
  });

  socket.on("connect", () => {
    setStatus("online");
    $("me").textContent = `${state.nickname} · ${socket.id}`;
    $("me").title = "your socket id: others can send you private messages with it";
    // The server forgets rooms when we reconnect (new socket) or when it restarted: join them again.
    for (const room of state.rooms.keys()) join(room, false);
    enableInput(true);
  });

  socket.on("disconnect", (reason) => {
    setStatus("offline");
    enableInput(false);
    system(`Disconnected (${reason})${socket.active ? ", reconnecting…" : ""}`);
  });

  socket.on("connect_error", (err) => {
    setStatus("offline");
    if (!socket.active) { // refused by the server's middleware: ask for another nickname
      system(`Refused: ${err.message}`);
      login();
    }
  });

  socket.io.on("reconnect_attempt", (attempt) => setStatus("reconnecting", `reconnecting (${attempt})`));

  socket.on("users", ({ count }) => { $("online").textContent = `${count} online`; });

  socket.on("presence", ({ room, id, nickname, joined }) => {
    const r = state.rooms.get(room);
    if (!r) return;
    // Applied as a change, not by taking the event's member list: our own join's ack can arrive after this event
    // with a list counted before it (two users rejoining at once after a restart), and would erase it.
    applyPresence(r, { id, nickname, joined });
    if (r.pendingPresence) r.pendingPresence.push({ id, nickname, joined });
    addEntry(room, { kind: "system", text: `${nickname} ${joined ? "joined" : "left"} #${room}` });
    stopTyping(room, id);
    if (room === state.current) renderMembers();
  });

  socket.on("message", (msg) => {
    stopTyping(msg.room, msg.from.id);
    addEntry(msg.room, { kind: "message", from: msg.from, text: msg.text, time: msg.time });
  });

  socket.on("private", (msg) => {
    addEntry(state.current, { kind: "private", from: msg.from, text: msg.text, time: msg.time });
  });

  socket.on("typing", ({ room, id, nickname, typing }) => {
    if (typing) startTyping(room, id, nickname); else stopTyping(room, id);
  });

  socket.on("shutdown", ({ message }, ack) => {
    system(`Server: ${message}`);
    if (ack) ack();
  });
}

function applyPresence(r, { id, nickname, joined }) {
  r.members = r.members.filter((m) => m.id !== id);
  if (joined) {
    r.members.push({ id, nickname });
    r.members.sort((a, b) => a.nickname.localeCompare(b.nickname, undefined, { sensitivity: "base" }));
  }
}

function join(room, select = true) {
  if (!state.rooms.has(room)) state.rooms.set(room, { members: [], log: [], unread: 0 });
  if (select) state.current = room;
  save();
  render();
  // Presence events that arrive while the join is on its way are kept and applied again on top of the ack's list,
  // which may have been counted before them.
  state.rooms.get(room).pendingPresence = [];
  socket.emit("join", room, (reply) => {
    if (reply.error) {
      system(reply.error);
      state.rooms.delete(room);
      if (state.current === room) state.current = state.rooms.keys().next().value;
      save();
      render();
      return;
    }
    const r = state.rooms.get(room);
    if (!r) return;
    r.members = reply.members;
    for (const change of r.pendingPresence || []) applyPresence(r, change);
    r.pendingPresence = null;
    if (room === state.current) renderMembers();
  });
}

function leave(room) {
  if (state.rooms.size === 1) return; // always stay somewhere
  socket.emit("leave", room, () => {});
  state.rooms.delete(room);
  state.typing.delete(room);
  if (state.current === room) state.current = state.rooms.keys().next().value;
  save();
  render();
}

// ---- sending -------------------------------------------------------------------------------------------------

$("send-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  if (!text || !socket.connected) return;
  $("text").value = "";
  typingOff();

  const mine = { id: socket.id, nickname: state.nickname };
  if (state.privateTo) {
    const to = state.privateTo;
    const entry = addEntry(state.current, { kind: "private", from: mine, to, text, mine: true, pending: true });
    socket.timeout(5000).emit("private", { to: to.id, text }, (err, reply) => {
      settle(entry, err ? "not delivered (timeout)" : reply.error);
    });
  } else {
    const entry = addEntry(state.current, { kind: "message", from: mine, text, mine: true, pending: true });
    socket.timeout(5000).emit("message", { room: state.current, text }, (err, reply) => {
      settle(entry, err ? "not delivered (timeout)" : reply.error);
    });
  }
});

// Typing indicator: "on" at the first key, "off" after 1.5 s without keys or when the message is sent.
let typingRoom = null;
let typingTimer = null;
$("text").addEventListener("input", () => {
  if (state.privateTo || !socket.connected) return;
  if (typingRoom !== state.current) {
    typingOff();
    typingRoom = state.current;
    socket.emit("typing", { room: typingRoom, typing: true });
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(typingOff, 1500);
});

function typingOff() {
  clearTimeout(typingTimer);
  if (typingRoom !== null && socket.connected) socket.emit("typing", { room: typingRoom, typing: false });
  typingRoom = null;
}

$("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const name = $("join-name").value.trim().toLowerCase();
  $("join-name").value = "";
  if (name) join(name);
});

$("private-cancel").addEventListener("click", () => setPrivate(null));

// ---- typing state --------------------------------------------------------------------------------------------

function startTyping(room, id, nickname) {
  if (!state.typing.has(room)) state.typing.set(room, new Map());
  const typers = state.typing.get(room);
  clearTimeout(typers.get(id)?.timer);
  // Forget a typer whose "off" got lost (e.g. it disconnected).
  typers.set(id, { nickname, timer: setTimeout(() => stopTyping(room, id), 5000) });
  renderTyping();
}

function stopTyping(room, id) {
  const typers = state.typing.get(room);
  if (!typers || !typers.has(id)) return;
  clearTimeout(typers.get(id).timer);
  typers.delete(id);
  renderTyping();
}

// ---- rendering -----------------------------------------------------------------------------------------------

// Every piece of user text goes through textContent, never innerHTML.
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function addEntry(room, entry) {
  const r = state.rooms.get(room);
  if (!r) return entry;
  entry.time = entry.time || Date.now();
  r.log.push(entry);
  if (r.log.length > 500) r.log.shift();
  if (room === state.current) {
    $("log").append(renderEntry(entry));
    $("log").scrollTop = $("log").scrollHeight;
  } else if (entry.kind === "message") {
    r.unread++;
    renderRooms();
  }
  return entry;
}

function system(text) {
  addEntry(state.current, { kind: "system", text });
}

function settle(entry, error) {
  entry.pending = false;
  entry.error = error || null;
  if (entry.node) entry.node.replaceWith(renderEntry(entry));
}

function renderEntry(entry) {
  const li = el("li", entry.kind);
  li.dataset.kind = entry.kind;
  li.append(el("time", "", new Date(entry.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false })));
  if (entry.kind === "system") {
    li.append(el("span", "text", entry.text));
  } else {
    if (entry.mine) li.classList.add("mine");
    let who = entry.from.nickname;
    if (entry.kind === "private") who = entry.to ? `you → ${entry.to.nickname}` : `${who} → you`;
    li.append(el("span", "from", who), el("span", "text", entry.text));
    if (entry.pending !== undefined) {
      const [tick, kind, title] = entry.pending ? ["…", "pending", "sending"]
          : entry.error ? ["✗", "failed", entry.error] : ["✓", "delivered", "delivered"];
      const span = el("span", `tick ${kind}`, tick);
      span.title = title;
      li.append(span);
    }
  }
  entry.node = li;
  return li;
}

function render() {
  renderRooms();
  renderMembers();
  renderTyping();
  const log = $("log");
  log.replaceChildren(...(state.rooms.get(state.current)?.log || []).map(renderEntry));
  log.scrollTop = log.scrollHeight;
}

function renderRooms() {
  $("rooms").replaceChildren(...[...state.rooms].map(([name, r]) => {
    const li = el("li", name === state.current ? "current" : "");
    const link = el("button", "room", `#${name}`);
    link.type = "button";
    link.addEventListener("click", () => {
      state.current = name;
      r.unread = 0;
      save();
      render();
    });
    li.append(link);
    if (r.unread) li.append(el("span", "unread", String(r.unread)));
    if (state.rooms.size > 1) {
      const x = el("button", "leave", "×");
      x.type = "button";
      x.title = `leave #${name}`;
      x.addEventListener("click", () => leave(name));
      li.append(x);
    }
    return li;
  }));
}

function renderMembers() {
  $("members-room").textContent = `#${state.current}`;
  const members = state.rooms.get(state.current)?.members || [];
  $("members").replaceChildren(...members.map((m) => {
    const li = el("li", m.id === socket?.id ? "self" : "", m.nickname);
    li.append(el("code", "", m.id));
    li.title = m.id === socket?.id ? "you" : `send a private message to ${m.nickname}`;
    if (m.id !== socket?.id) li.addEventListener("click", () => setPrivate(m));
    return li;
  }));
}

function renderTyping() {
  const names = [...(state.typing.get(state.current)?.values() || [])].map((t) => t.nickname);
  $("typing").textContent =
      names.length === 0 ? "" :
      names.length === 1 ? `${names[0]} is typing…` :
      names.length <= 3 ? `${names.join(" and ")} are typing…` : "several people are typing…";
}

function setPrivate(member) {
  state.privateTo = member && { id: member.id, nickname: member.nickname };
  $("private-to").hidden = !member;
  if (member) {
    $("private-name").textContent = member.nickname;
    $("private-id").textContent = member.id;
    typingOff();
  }
  $("text").placeholder = member ? `Private message to ${member.nickname}…` : "Say something…";
  $("text").focus();
}

function setStatus(kind, text) {
  $("status").className = `status ${kind}`;
  $("status").textContent = text || kind;
}

function showTransport(name) {
  $("transport").textContent = name;
  $("transport").className = `badge transport-${name}`;
}

function enableInput(on) {
  $("text").disabled = !on;
  $("send-form").querySelector("button").disabled = !on;
}

// ---- start ---------------------------------------------------------------------------------------------------

function login() {
  $("nickname").value = state.nickname;
  $("login").showModal();
}

// Escape would close the dialog and leave the page without a user.
$("login").addEventListener("cancel", (event) => event.preventDefault());

$("login-form").addEventListener("submit", () => {
  state.nickname = $("nickname").value.trim().slice(0, 24);
  if (!state.nickname) return;
  save();
  if (socket) {
    socket.auth = { nickname: state.nickname };
    socket.connect();
  } else {
    connect();
  }
});

render();
if (state.nickname) connect(); else login();
