// Golden vectors of the msgpack wire format: what socket.io-msgpack-parser 3.0.2 (notepack.io 2.2.0) encodes for a
// set of packets, as "<name> <hex>" lines. Sockeye's MsgpackParserGoldenTest decodes each line and re-encodes the
// packets the server sends; MsgpackVectorsTest in e2e checks that the committed file is this script's output.
//
//   node msgpack/vectors.js > ../../sockeye-core/src/test/resources/dev/sockeye/core/parser/msgpack-vectors.txt
//
// "server-*" packets are built with the keys in the order the Node server's code sets them (socket.io 4.8
// socket.ts / client.ts), "client-*" packets in the order socket.io-client 4.8 sets them (with its "options").
'use strict';

const { Encoder } = require('socket.io-msgpack-parser');

const encoder = new Encoder();
const vectors = [];
const add = (name, packet) => {
  const [buffer] = encoder.encode(packet);
  vectors.push(`${name} ${Buffer.from(buffer).toString('hex')}`);
};
const SID = 'Nq3aZ8k1xYw0-Lb_Tp9Q';

// Server to client.
add('server-connect', { type: 0, data: { sid: SID }, nsp: '/' });
add('server-connect-admin', { type: 0, data: { sid: SID }, nsp: '/admin' });
add('server-event', { type: 2, data: ['news', 'hello'], nsp: '/' });
add('server-event-nested-binary', {
  type: 2,
  data: ['nested', { a: 1, list: [true, false, null, 2.5, -3, 'é€😀'], bin: Buffer.from([1, 2, 3]) }, Buffer.from([]), Buffer.from([255])],
  nsp: '/',
});
add('server-event-ack-id', { type: 2, data: ['question', { q: 42 }], id: 7, nsp: '/chat' });
add('server-ack', { id: 12, type: 3, data: ['answer', Buffer.from([9, 8, 7])], nsp: '/' });
add('server-ack-empty', { id: 0, type: 3, data: [], nsp: '/admin' });
add('server-connect-error-data', { type: 4, data: { message: 'not authorized', data: { code: 401, retry: false } }, nsp: '/' });
add('server-connect-error-invalid-namespace', { type: 4, data: { message: 'Invalid namespace' }, nsp: '/nowhere' });
add('server-disconnect', { type: 1, nsp: '/' });
add('server-disconnect-admin', { type: 1, nsp: '/admin' });
// How notepack writes numbers: every integral number as the smallest int, -0 as 0, any other number as float 64.
add('server-integers', {
  type: 2,
  data: ['ints', 0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 9007199254740991,
    1152921504606846976, 9223372036854775808, 18446744073709549568,
    -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, -9007199254740991, -9223372036854775808],
  nsp: '/',
});
add('server-floats', { type: 2, data: ['floats', 0.1, -2.5, -0, 5e-324, 123456.789], nsp: '/' });
// Integral numbers beyond 64 bits: notepack writes them as int 64 / uint 64 of their low bits (wrong numbers);
// Sockeye writes float 64.
add('server-integral-beyond-64-bits', { type: 2, data: ['huge', 1.5e300, 1e21, -1e20, 1.7976931348623157e308], nsp: '/' });
// Strings by UTF-8 length: fixstr up to 31 bytes, then str 8, str 16, str 32; Buffers bin 8, bin 16, bin 32.
add('server-strings', {
  type: 2,
  data: ['strings', '', 'x'.repeat(31), 'x'.repeat(32), 'x'.repeat(255), 'x'.repeat(256), 'é'.repeat(16), 'x'.repeat(65536)],
  nsp: '/',
});
add('server-buffers', { type: 2, data: ['buffers', Buffer.alloc(255, 1), Buffer.alloc(256, 2), Buffer.alloc(65536, 3)], nsp: '/' });
add('server-containers', {
  type: 2,
  data: ['containers', Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => i),
    Object.fromEntries(Array.from({ length: 15 }, (_, i) => ['k' + i, i])),
    Object.fromEntries(Array.from({ length: 16 }, (_, i) => ['k' + i, i])), {}],
  nsp: '/',
});

// Client to server, as socket.io-client builds them.
add('client-connect', { type: 0, data: undefined, nsp: '/' });
add('client-connect-auth', { type: 0, data: { token: 'abc', n: 1 }, nsp: '/admin' });
add('client-event', { type: 2, data: ['chat', 'hi'], options: { compress: true }, nsp: '/' });
add('client-event-ack-binary', {
  type: 2,
  data: ['upload', { name: 'f', parts: [Buffer.from([1, 2]), new Uint8Array([3, 4]).buffer] }, undefined],
  options: { compress: true },
  id: 3,
  nsp: '/chat',
});
add('client-ack', { type: 3, id: 5, data: ['done', 1.5, null], nsp: '/' });
add('client-disconnect', { type: 1, nsp: '/admin' });

process.stdout.write(vectors.join('\n') + '\n');
