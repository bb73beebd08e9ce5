// Preloaded (node -r) into the shared Node reference server by run-limits.sh: its classic Redis adapter then uses
// the key (channel prefix) BENCH_REDIS_KEY instead of "socket.io", so that a run shares no Redis channel with
// anything else using the same Redis. The server itself is not changed. Sockeye's bench server reads the same
// variable.
'use strict';
const path = require('path');
const key = process.env.BENCH_REDIS_KEY;
if (key) {
  const serverDir = path.dirname(path.resolve(process.argv[1]));
  const adapter = require(require.resolve('@socket.io/redis-adapter', { paths: [serverDir] }));
  const original = adapter.createAdapter;
  adapter.createAdapter = (pub, sub, opts) => original(pub, sub, Object.assign({ key }, opts));
}
