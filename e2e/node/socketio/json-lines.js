// JSON lines for the client drivers: binary values travel as {"$bin":[...]} both ways.
const enc = (v) => {
  if (v instanceof ArrayBuffer) return { $bin: Array.from(new Uint8Array(v)) };
  if (ArrayBuffer.isView(v)) return { $bin: Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
  if (Array.isArray(v)) return v.map(enc);
  if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = enc(v[k]); return o; }
  return v;
};
const dec = (v) => {
  if (Array.isArray(v)) return v.map(dec);
  if (v && typeof v === 'object') {
    if (Array.isArray(v.$bin)) return Buffer.from(v.$bin);
    const o = {}; for (const k of Object.keys(v)) o[k] = dec(v[k]); return o;
  }
  return v;
};
const out = (obj) => process.stdout.write(JSON.stringify(enc(obj)) + '\n');
// A report line of a named client carries its name; the first client's has none.
const tag = (client, line) => (client ? { client, ...line } : line);

module.exports = { enc, dec, out, tag };
