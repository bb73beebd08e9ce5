// The control events every server of the Redis cluster tests answers (the Sockeye twin is
// RedisControl.java). A client emits one with an ack; the server runs the cluster-aware call
// and acks the result, so tests drive Node and Sockeye servers the same way.
const bin = () => Buffer.from([1, 2, 3]);

function install(io, name) {
  io.on('ping', (cb) => cb('pong-from-' + name));
  io.on('hello', (...args) => io.local.emit('sse', name, ...args));

  const target = (op, o) => {
    if (o.to && o.to.length) op = op.to(o.to);
    if (o.except && o.except.length) op = op.except(o.except);
    return op;
  };
  const describe = (sockets) => sockets
    .map((s) => ({ id: s.id, rooms: [...s.rooms].sort(), data: s.data, issued: typeof s.handshake.issued }))
    .sort((a, b) => a.id.localeCompare(b.id));

  io.on('connection', (socket) => {
    socket.data = { client: socket.handshake.auth.name };
    const on = (event, fn) => socket.on(event, async (o, ack) => {
      try { ack(await fn(o || {})); } catch (e) { ack({ error: e.message }); }
    });
    on('whoami', () => ({ server: name, id: socket.id }));
    on('join', (o) => { socket.join(o.room); return 'ok'; });
    on('broadcast', (o) => { target(io, o).emit(o.event, ...o.args, ...(o.binary ? [bin()] : [])); return 'ok'; });
    on('local', (o) => { io.local.emit(o.event, ...o.args); return 'ok'; });
    on('broadcastAck', async (o) => ({ ok: (await target(io, o).timeout(o.timeout).emitWithAck('ackme', 'x')).sort() }));
    on('fetch', async (o) => describe(await io.in(o.in).fetchSockets()));
    on('socketsJoin', (o) => { io.in(o.in).socketsJoin(o.room); return 'ok'; });
    on('socketsLeave', (o) => { io.in(o.in).socketsLeave(o.room); return 'ok'; });
    on('disconnectSockets', (o) => { io.in(o.in).disconnectSockets(o.close); return 'ok'; });
    on('serverSideEmit', (o) => { io.serverSideEmit(o.event, ...o.args); return 'ok'; });
    on('serverSideEmitWithAck', async () => ({ ok: (await io.serverSideEmitWithAck('ping')).sort() }));
    on('serverCount', () => io.of('/').adapter.serverCount());
  });
}

module.exports = { install };
